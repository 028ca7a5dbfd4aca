/**
 * Which sinks to skip for now. After a sink fails, new items for it go straight to the outbox for
 * `openMs`, so a dead sink costs no request a timeout; the redrive closes it early when it delivers
 * to that sink again. Kept per container in memory: each Lambda container learns on its own, at the
 * cost of one timed-out request per container and window.
 */
export class CircuitBreaker {
  readonly #openMs: number;
  readonly #now: () => number;
  readonly #openUntil = new Map<string, number>();

  constructor(openMs: number, now: () => number = Date.now) {
    this.#openMs = openMs;
    this.#now = now;
  }

  /** Whether items for `sink` should skip it and go to the outbox now. */
  isOpen(sink: string): boolean {
    const until = this.#openUntil.get(sink);
    if (until === undefined) return false;
    if (this.#now() < until) return true;
    this.#openUntil.delete(sink);
    return false;
  }

  /** A delivery to `sink` failed: skip it for the next `openMs`. */
  trip(sink: string): void {
    if (this.#openMs > 0) this.#openUntil.set(sink, this.#now() + this.#openMs);
  }

  /** A delivery to `sink` succeeded: try it again at once. */
  close(sink: string): void {
    this.#openUntil.delete(sink);
  }
}
