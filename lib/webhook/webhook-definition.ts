import type { Logger } from '@aws-lambda-powertools/logger';
import type { VerifyOptions } from '../auth/verify-request.js';
import type { CDEvent, CDEventDraft } from '../cdevents/types.js';
import type { PlannedJobs } from './deliver-events.js';

/** What a source-specific step decided for one notification. */
export interface ProcessOutcome {
  drafts: CDEventDraft[];
  /** Why nothing is emitted (when `drafts` is empty). */
  ignored?: string;
  /** The sender's object, for the deliveries history: `Kind/namespace/name` or `namespace/app`. */
  object?: string;
  /**
   * Keys for the request's one INFO line (kind, reason, app: the sender's names). Returned rather
   * than appended to a child logger: a child per request built a whole Logger, a fifth of the
   * handler's CPU; and warn/error lines never carry the sender's names either way.
   */
  logKeys?: Record<string, unknown>;
  /** Writes planned from the events for side sinks (commit statuses). */
  plan?: (events: readonly CDEvent[]) => PlannedJobs;
  /** Called once the events are delivered or held in the outbox (or when there was nothing to deliver). */
  afterDelivery?: () => Promise<void>;
  /** Called when the events were neither delivered nor held, before the error answer. */
  onDeliveryFailed?: () => Promise<void>;
}

/** The source-specific step: parse and map one JSON body. Throws HttpErrors for bad input. */
export type ProcessNotification = (body: Record<string, unknown>, logger: Logger) => ProcessOutcome | Promise<ProcessOutcome>;

/** How one webhook route behaves. */
export interface WebhookDefinition {
  name: 'flux' | 'argocd';
  auth: VerifyOptions;
  process: ProcessNotification;
}
