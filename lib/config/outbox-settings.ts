import { ConfigError } from './config-error.js';
import { readInteger, readOneOf, type Reader } from './setting-readers.js';

/** Where undelivered events wait: an SQS queue, an SQS-compatible queue embedded in `npm start`, or nowhere. */
export type OutboxMode = 'sqs' | 'local' | 'off';

/** The outbox and its redelivery, validated. */
export interface OutboxConfig {
  mode: OutboxMode;
  /** The SQS queue URL (`sqs` mode). */
  queueUrl?: string;
  /** Longest wait between two redeliveries of one message, in seconds (SQS visibility timeout ≤ 12 h). */
  maxBackoffSeconds: number;
  /** Receives of one message before SQS moves it to the dead-letter queue (the queue's `maxReceiveCount`). */
  maxReceives: number;
  /** How long new events skip a sink that just failed and go straight to the outbox, in seconds. */
  circuitOpenSeconds: number;
}

// An SQS queue URL: https://sqs.<region>.amazonaws.com/<account>/<name>, or any http(s) URL of a
// compatible endpoint with the account and name as the last two segments.
const QUEUE_URL_PATH = /^\/[0-9]{12}\/[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

function readQueueUrl(read: Reader): string | undefined {
  const value = read('BRIDGE_OUTBOX_QUEUE_URL');
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || !QUEUE_URL_PATH.test(url.pathname)) {
    throw new ConfigError('BRIDGE_OUTBOX_QUEUE_URL must be an SQS queue URL, https://sqs.REGION.amazonaws.com/ACCOUNT/NAME');
  }
  return url.toString();
}

/**
 * The outbox settings. `BRIDGE_OUTBOX` defaults to `sqs` when `BRIDGE_OUTBOX_QUEUE_URL` is set and
 * to `off` otherwise (`npm start` sets `local`).
 * @throws ConfigError naming the variable at fault.
 */
export function readOutboxSettings(read: Reader): OutboxConfig {
  const queueUrl = readQueueUrl(read);
  const mode = read('BRIDGE_OUTBOX') === undefined && queueUrl ? 'sqs' : readOneOf(read, 'BRIDGE_OUTBOX', ['off', 'sqs', 'local'] as const);
  if (mode === 'sqs' && !queueUrl) throw new ConfigError('BRIDGE_OUTBOX=sqs needs BRIDGE_OUTBOX_QUEUE_URL, the outbox queue URL');
  return {
    mode,
    queueUrl,
    maxBackoffSeconds: readInteger(read, 'BRIDGE_OUTBOX_MAX_BACKOFF_SECONDS', 900, 1, 43_200),
    maxReceives: readInteger(read, 'BRIDGE_OUTBOX_MAX_RECEIVES', 130, 1, 1_000),
    circuitOpenSeconds: readInteger(read, 'BRIDGE_CIRCUIT_OPEN_SECONDS', 60, 0, 3_600),
  };
}
