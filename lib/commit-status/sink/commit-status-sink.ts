import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CommitStatusRecord } from '../../deliveries/delivery-record.js';
import { countWithDimension } from '../../observability/metrics.js';
import {
  DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS, MAX_ATTEMPTS, backoffDelay, remainingMs, sleepBeforeDeadline, type BackoffOptions,
} from '../../sinks/retry-policy.js';
import { SinkError, type Sink } from '../../sinks/sink.js';
import type { CommitStatusTarget } from '../config/commit-status-target.js';
import { compareWithLast, ledgerKey, type LedgerEntry, type StatusLedger } from '../dedupe/status-ledger.js';
import type { StatusWrite } from '../plan/status-write.js';
import { CredentialsError } from '../providers/auth-headers.js';
import type { StatusProvider, WriteReply } from '../providers/status-provider.js';

/** The log lines a sink writes; Powertools' `Logger` fits. Never given a token. */
export interface StatusLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** Options of {@link CommitStatusSink}. */
export interface CommitStatusSinkOptions {
  target: CommitStatusTarget;
  provider: StatusProvider;
  ledger: StatusLedger;
  logger?: StatusLogger;
  metrics?: Metrics;
  /** Called once per write with what became of it, for the deliveries history. */
  onResult?: (result: CommitStatusRecord) => void;
  backoff?: Partial<BackoffOptions>;
  /** Timeout of one request, cut short by the deadline. @default 5000 */
  attemptTimeoutMs?: number;
}

/** The result of one write, before it is reported. */
type Settled = Pick<CommitStatusRecord, 'outcome' | 'reason'> & { retryable?: boolean };

/**
 * Sets the commit statuses of one target (`name` = `commit-status:<target>`). Each write is first
 * compared with the last one for its commit and context (see {@link compareWithLast}); 429, 5xx,
 * secondary rate limits and network errors are retried until the deadline, honouring
 * `Retry-After`, and then fail `deliver` with a {@link SinkError} so the outbox keeps the write.
 * A configuration error (401/403/404/422, bad credentials) settles the write as `failed` without
 * throwing: logged once per target and reason, counted every time. Writes for other targets are
 * skipped.
 */
export class CommitStatusSink implements Sink<StatusWrite> {
  readonly name: string;
  readonly #options: CommitStatusSinkOptions;
  readonly #logged = new Set<string>();

  constructor(options: CommitStatusSinkOptions) {
    this.#options = options;
    this.name = `commit-status:${options.target.name}`;
  }

  /** @throws SinkError when a write could not be settled before the deadline. */
  async deliver(writes: readonly StatusWrite[], deadline: number): Promise<void> {
    const mine = writes.filter((write) => write.target === this.#options.target.name);
    const failures: string[] = [];
    for (const write of mine) {
      const settled = await this.#settle(write, deadline);
      const { target, sha, context, state } = write;
      this.#options.onResult?.({ target, sha, context, state, outcome: settled.outcome, ...(settled.reason ? { reason: settled.reason } : {}) });
      if (settled.outcome === 'written' || settled.outcome === 'unchanged') this.#count(settled.outcome === 'written' ? 'CommitStatusWritten' : 'CommitStatusUnchanged');
      if (settled.retryable) failures.push(settled.reason ?? 'not written');
    }
    if (failures.length > 0) {
      throw new SinkError(this.name, `${failures.length} of ${mine.length} commit statuses not written before the deadline: ${failures[0]}`);
    }
  }

  async #settle(write: StatusWrite, deadline: number): Promise<Settled> {
    const { target, ledger } = this.#options;
    const key = ledgerKey(target, write);
    const last = await ledger.lastWritten(key, () => this.#readProvider(write, deadline)).catch((error: unknown) => {
      this.#logOnce('ledger', 'commit status ledger unreadable; writing without dedupe', { error: (error as Error).name });
      return undefined;
    });
    const verdict = compareWithLast(write, last);
    if (verdict === 'older') return { outcome: 'unchanged', reason: 'a newer status is already set' };
    if (verdict === 'unchanged') return { outcome: 'unchanged' };
    const reply = await this.#write(write, deadline);
    if (reply.kind === 'retry') return { outcome: 'failed', reason: reply.reason, retryable: true };
    if (reply.kind === 'rejected') {
      this.#count('CommitStatusConfigError');
      this.#logOnce(reply.reason, 'commit status refused: configuration error, not retried', { reason: reply.reason });
      return { outcome: 'failed', reason: reply.reason };
    }
    const entry: LedgerEntry = { state: write.state, description: write.description, eventTime: write.eventTime };
    await ledger.record(key, entry).catch((error: unknown) => {
      this.#logOnce('ledger-write', 'commit status ledger not written; the status may be written again', { error: (error as Error).name });
    });
    return reply.kind === 'written' ? { outcome: 'written' } : { outcome: 'unchanged', reason: reply.reason };
  }

  /** The provider's current status; unreadable counts as none, so the write goes ahead. */
  async #readProvider(write: StatusWrite, deadline: number): Promise<LedgerEntry | undefined> {
    try {
      return await this.#options.provider.readCurrent(write, this.#signal(deadline));
    } catch {
      return undefined;
    }
  }

  async #write(write: StatusWrite, deadline: number): Promise<WriteReply> {
    const backoff = { baseMs: DEFAULT_BASE_DELAY_MS, maxMs: DEFAULT_MAX_DELAY_MS, ...this.#options.backoff };
    let reply: WriteReply = { kind: 'retry', reason: 'deadline reached before the first attempt' };
    for (let attempt = 0; attempt < MAX_ATTEMPTS && remainingMs(deadline) > 0; attempt++) {
      reply = await this.#attempt(write, deadline);
      if (reply.kind !== 'retry') return reply;
      const delay = Math.max(reply.retryAfterMs ?? 0, backoffDelay(attempt, backoff));
      if (!(await sleepBeforeDeadline(delay, deadline))) break;
    }
    return reply;
  }

  async #attempt(write: StatusWrite, deadline: number): Promise<WriteReply> {
    try {
      return await this.#options.provider.write(write, this.#signal(deadline));
    } catch (error) {
      if (error instanceof CredentialsError) return { kind: 'rejected', reason: error.message };
      // Network failures and timeouts: the error's name only, since a message may quote a URL.
      return { kind: 'retry', reason: `request failed (${(error as Error)?.name ?? 'error'})` };
    }
  }

  #signal(deadline: number): AbortSignal {
    return AbortSignal.timeout(Math.max(1, Math.min(this.#options.attemptTimeoutMs ?? 5_000, remainingMs(deadline))));
  }

  #count(metric: string): void {
    if (this.#options.metrics) countWithDimension(this.#options.metrics, metric, 'target', this.#options.target.name);
  }

  #logOnce(key: string, message: string, attributes: Record<string, unknown>): void {
    if (this.#logged.has(key)) return;
    this.#logged.add(key);
    this.#options.logger?.warn(message, { target: this.#options.target.name, provider: this.#options.target.provider, ...attributes });
  }
}
