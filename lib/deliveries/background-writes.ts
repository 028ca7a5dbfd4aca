/** What the history logs to: a Powertools logger, or anything with the same `warn`. */
export interface HistoryLogger {
  warn(message: string, extra: Record<string, unknown>): void;
}

/** Writes started at once at most; beyond it a history row is dropped rather than queued without bound. */
export const MAX_IN_FLIGHT = 32;

/**
 * Runs history writes without anyone waiting for them, at most {@link MAX_IN_FLIGHT} at a time.
 * A failed or refused write is logged (error name only: a message may quote what was sent) and
 * dropped; nothing is ever thrown at the caller.
 */
export class BackgroundWrites {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly logger: HistoryLogger, private readonly limit = MAX_IN_FLIGHT) {}

  /** Starts the write; `false` when it was dropped because too many are already running. */
  start(write: () => Promise<void>): boolean {
    if (this.inFlight.size >= this.limit) {
      this.logger.warn('deliveries history: row dropped, too many writes in flight', { inFlight: this.inFlight.size });
      return false;
    }
    const running: Promise<void> = Promise.resolve()
      .then(write)
      .catch((error: unknown) => {
        this.logger.warn('deliveries history: row not written', { errorName: String((error as Error | undefined)?.name ?? typeof error) });
      })
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
    return true;
  }

  /**
   * Resolves when every write started so far has ended, or after `maxMs` at the latest (the writes
   * then go on). Never rejects: the writes' own failures are already handled.
   */
  async settle(maxMs = Number.POSITIVE_INFINITY): Promise<void> {
    const all = (async () => {
      while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
    })();
    if (!Number.isFinite(maxMs)) return all;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => { timer = setTimeout(resolve, maxMs); });
    await Promise.race([all, limit]);
    clearTimeout(timer);
  }
}
