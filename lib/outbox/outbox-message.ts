import * as v from 'valibot';
import { describeIssues } from '../validation/describe-issues.js';
import { rfc3339Time } from '../validation/rfc3339-time.js';

/** Version of the message layout, so a later bridge can read what an earlier one queued. */
export const OUTBOX_MESSAGE_VERSION = 1;

/** What the outbox holds for one (item, sink) pair the request could not deliver. */
export interface OutboxMessage {
  v: typeof OUTBOX_MESSAGE_VERSION;
  /** The sink's name in the sink table, e.g. `http`, `eventbridge`, `commit-status:shop-github`. */
  sink: string;
  /** The item's stable id (the CDEvent id): with `sink`, the idempotency key of its redelivery. */
  id: string;
  /** The item as the sink takes it: a CDEvent, or a commit-status write. */
  item: unknown;
  /** When the first attempt failed (RFC 3339). */
  firstFailedAt: string;
  /** Why the last attempt failed; safe to show (no token, no URL). */
  lastError: string;
}

const OutboxMessageSchema = v.object({
  v: v.literal(OUTBOX_MESSAGE_VERSION),
  sink: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
  item: v.unknown(),
  firstFailedAt: rfc3339Time,
  lastError: v.string(),
});

/**
 * Reads a queued message back. The queue is the bridge's own, but anyone with `sqs:SendMessage`
 * can put a message on it: a body that is not one of ours fails here, by name, and ends in the DLQ.
 * @throws Error naming what is wrong with the message (never its content).
 */
export function decodeOutboxMessage(body: string): OutboxMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error('outbox message is not JSON');
  }
  const result = v.safeParse(OutboxMessageSchema, json);
  if (!result.success) throw new Error(`outbox message is not valid: ${describeIssues(result.issues)}`);
  return result.output as OutboxMessage;
}
