import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { CDEvent } from '../cdevents/types.js';
import type { DeliveryReport } from '../delivery/deliver-or-enqueue.js';
import type { CommitStatusRecord, DeliveryRecord, DeliveryRecorder, EventRecord, SinkOutcomeRecord } from '../deliveries/delivery-record.js';
import { HttpError } from '../http/http-error.js';

/** What a webhook request learned on its way, for its row in the deliveries history. */
export interface RequestTrace {
  id: string;
  at: string;
  route: 'flux' | 'argocd';
  object?: string;
  events: readonly CDEvent[];
  report?: DeliveryReport;
  commitStatuses?: CommitStatusRecord[];
  /** Why nothing was emitted, as answered. */
  ignored?: string;
}

/** The answer's `reason` (ignored) or `error` (rejected): both are written to be shown. */
function answerReason(result: unknown, trace: RequestTrace): string | undefined {
  if (result instanceof HttpError) return result.message;
  if (result instanceof Error) return 'internal error';
  return trace.ignored;
}

function eventRecords(trace: RequestTrace): EventRecord[] {
  const items = trace.report?.items ?? [];
  return trace.events.map((cdevent) => ({
    cdevent,
    sinks: items.filter((item) => item.id === cdevent.context.id).map((item): SinkOutcomeRecord => (
      item.outcome === 'delivered'
        ? { sink: item.sink, outcome: 'delivered', attempt: 1 }
        : { sink: item.sink, outcome: item.outcome, attempt: 1, reason: item.reason ?? '' } as SinkOutcomeRecord
    )),
  }));
}

/**
 * Adds the request to the deliveries history when a recorder is set, and hands the answer back.
 * `result` is the answer, or the error that becomes it.
 */
export function recordRequest<T>(recorder: DeliveryRecorder | undefined, trace: RequestTrace, result: T): T {
  if (!recorder) return result;
  const status = result instanceof HttpError ? result.statusCode : result instanceof Error ? 500 : ((result as APIGatewayProxyStructuredResultV2).statusCode ?? 200);
  const entry: DeliveryRecord = {
    id: trace.id, at: trace.at, route: trace.route, object: trace.object, status,
    reason: answerReason(result, trace), events: eventRecords(trace), commitStatuses: trace.commitStatuses ?? [],
  };
  recorder.record(entry);
  return result;
}
