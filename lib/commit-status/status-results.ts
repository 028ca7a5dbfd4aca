import type { CommitStatusRecord } from '../deliveries/delivery-record.js';
import type { StatusWrite } from './plan/status-write.js';

/** How many results wait for their request at most; the redrive's results are never collected. */
const MAX_PENDING = 1_000;

function keyOf(write: Pick<StatusWrite, 'target' | 'sha' | 'context' | 'state'>): string {
  return `${write.target}\n${write.sha}\n${write.context}\n${write.state}`;
}

/**
 * What the commit-status sinks did with each write (written, unchanged, failed), kept until the
 * request that planned the write collects it for its row in the deliveries history. Bounded: when
 * more than 1,000 wait (the redrive's writes, which no request collects), the oldest are dropped.
 */
export class StatusResults {
  readonly #pending = new Map<string, CommitStatusRecord>();

  /** The sinks' `onResult`. */
  readonly add = (record: CommitStatusRecord): void => {
    const key = keyOf(record as CommitStatusRecord & { state: StatusWrite['state'] });
    this.#pending.delete(key);
    this.#pending.set(key, record);
    if (this.#pending.size > MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value as string);
  };

  /** The result of `write`, removed from the pending set, or `undefined` when the sink has not settled it. */
  take(write: StatusWrite): CommitStatusRecord | undefined {
    const key = keyOf(write);
    const record = this.#pending.get(key);
    this.#pending.delete(key);
    return record;
  }
}
