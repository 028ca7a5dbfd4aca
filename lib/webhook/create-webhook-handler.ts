import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { VerifyOptions } from '../auth/verify-request.js';
import { buildCDEvent } from '../cdevents/build-cdevent.js';
import type { CDEvent, CDEventDraft } from '../cdevents/types.js';
import { jsonResponse } from '../http/json-response.js';
import { parseJsonObject } from '../http/parse-json-object.js';
import { readRequest, requireJsonContentType } from '../http/read-request.js';
import { countWithDimension } from '../observability/metrics.js';
import { DeliveryFailedError } from '../http/http-error.js';
import { settleDeliveries } from '../sinks/deliver-to-all.js';
import { authenticate } from './authenticate.js';
import { errorResponder } from './error-responder.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/** What a source-specific step decided for one notification. */
export interface ProcessOutcome {
  drafts: CDEventDraft[];
  /** Why nothing is emitted (when `drafts` is empty). */
  ignored?: string;
  /** Called after every sink accepted the events (or when there was nothing to deliver). */
  afterDelivery?: () => Promise<void>;
  /** Called when delivery failed, before the 502 is returned. */
  onDeliveryFailed?: () => Promise<void>;
}

/** The source-specific step: parse and map one JSON body. Throws HttpErrors for bad input. */
export type ProcessNotification = (body: Record<string, unknown>, logger: Logger) => Promise<ProcessOutcome>;

/** How one webhook route behaves. */
export interface WebhookDefinition {
  name: 'flux' | 'argocd';
  auth: VerifyOptions;
  process: ProcessNotification;
}

/** Milliseconds kept back from the Lambda deadline to answer in time. */
const RESPONSE_RESERVE_MS = 1_000;

function correlationId(event: APIGatewayProxyEventV2, context: Context): string {
  const fromHeader = event.headers?.['x-request-id'] ?? event.headers?.['x-correlation-id'];
  if (fromHeader && /^[\w.:-]{1,128}$/.test(fromHeader)) return fromHeader;
  return event.requestContext?.requestId ?? context.awsRequestId ?? randomUUID();
}

/**
 * Builds the Lambda handler shared by both routes: read → verify → parse → map → deliver.
 * The same handler serves API Gateway and the local server.
 */
export function createWebhookHandler(runtime: WebhookRuntime, definition: WebhookDefinition) {
  const { config, logger, metrics } = runtime;

  const lambdaHandler = async (event: APIGatewayProxyEventV2, context: Context): Promise<APIGatewayProxyStructuredResultV2> => {
    const requestId = correlationId(event, context);
    logger.appendKeys({ correlationId: requestId });
    const request = readRequest(event, config.maxBodyBytes);
    await authenticate(request, runtime.credentials, definition.auth);
    requireJsonContentType(request);
    const body = parseJsonObject(request.rawBody);
    metrics.addMetric('received', 'Count', 1);
    // Keys the source step appends (app, kind, reason: the sender's names) stay on this child, so
    // warn/error lines (logged by the parent) never carry them, and concurrent local requests
    // cannot see each other's keys.
    const requestLogger = logger.createChild({ persistentKeys: { correlationId: requestId } });
    const outcome = await definition.process(body, requestLogger);
    if (outcome.drafts.length === 0) {
      await outcome.afterDelivery?.();
      metrics.addMetric('ignored', 'Count', 1);
      requestLogger.info('notification ignored', { reason: outcome.ignored });
      return jsonResponse(200, { status: 'ignored', reason: outcome.ignored ?? 'no mapping rule' });
    }
    const events = outcome.drafts.map((draft) => buildCDEvent(draft, config.specVersion));
    const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() - RESPONSE_RESERVE_MS : Infinity;
    const deadline = Date.now() + Math.max(0, Math.min(config.deliveryTimeoutMs, remaining));
    const failures = (await settleDeliveries(runtime.sinks, events, deadline)).flatMap((o) => (o.ok ? [] : [o]));
    if (failures.length > 0) {
      await outcome.onDeliveryFailed?.();
      for (const failure of failures) {
        countWithDimension(metrics, 'failed', 'sink', failure.sink);
        const cause = (failure.error as Error | undefined)?.cause as Error | undefined;
        // Ids and types only: subjects carry the sender's names, which error logs never repeat.
        logger.error('delivery failed', { sink: failure.sink, reason: failure.reason, detail: cause?.message, events: events.map(({ context }) => ({ id: context.id, type: context.type })) });
      }
      throw new DeliveryFailedError(failures);
    }
    await outcome.afterDelivery?.();
    for (const cdevent of events) countWithDimension(metrics, 'emitted', 'type', cdevent.context.type);
    requestLogger.info('events delivered', { events: events.map(summary) });
    return jsonResponse(202, { status: 'accepted', events: events.map(summary) });
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(lambdaHandler, { timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(errorResponder(logger, metrics));
}

function summary(event: CDEvent): { id: string; type: string; subject: string } {
  return { id: event.context.id, type: event.context.type, subject: event.subject.id };
}
