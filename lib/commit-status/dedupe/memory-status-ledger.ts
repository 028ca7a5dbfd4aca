import type { LedgerEntry, StatusLedger } from './status-ledger.js';

/** Records kept before the oldest are forgotten (a forgotten one is read from the provider again). */
const DEFAULT_CAPACITY = 10_000;

/**
 * A ledger in process memory, for `npm start` and single-instance runs. On a miss it reads the
 * provider's current status, as Flux's notifiers do, so a restart does not repeat every status.
 */
export class MemoryStatusLedger implements StatusLedger {
  readonly #entries = new Map<string, LedgerEntry>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  async lastWritten(key: string, readProvider: () => Promise<LedgerEntry | undefined>): Promise<LedgerEntry | undefined> {
    return this.#entries.get(key) ?? readProvider();
  }

  async record(key: string, entry: LedgerEntry): Promise<void> {
    const last = this.#entries.get(key);
    if (last?.eventTime !== undefined && entry.eventTime !== undefined && entry.eventTime < last.eventTime) return;
    // Delete first, so the key moves to the end and the first key is always the least recently written.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    if (this.#entries.size > this.capacity) this.#entries.delete(this.#entries.keys().next().value as string);
  }
}
