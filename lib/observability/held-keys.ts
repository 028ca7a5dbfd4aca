/**
 * The temporary log keys the bridge's logger keeps track of itself (see `logger.ts`): every key
 * appended since the last reset while all are flat values, and which of them Powertools' store has
 * not been given yet. Powertools' `appendKeys` and `resetKeys` cost ~2 µs a request (a deep merge,
 * and environment reads on every store access), and most requests write no line that needs them.
 */
export class HeldKeys {
  /** The keys appended since the last reset, while all are flat values; `undefined` once one is not. */
  tracked: Record<string, unknown> | undefined = {};
  /** Flat keys appended but not given to Powertools' store yet. */
  #pending: Record<string, unknown> | undefined;
  /** Powertools' store holds temporary keys since the last reset. */
  #given = false;

  /** Holds flat `attributes` back from Powertools (call only while {@link tracked} is set). */
  hold(attributes: Readonly<Record<string, unknown>>): void {
    const tracked = this.tracked ?? {};
    this.#pending ??= {};
    for (const key of Object.keys(attributes)) {
      tracked[key] = attributes[key];
      this.#pending[key] = attributes[key];
    }
  }

  /** Notes `attributes` given to Powertools' store directly: tracking stops at the first that is not flat. */
  noteGiven(attributes: Readonly<Record<string, unknown>>): void {
    this.#given = true;
    if (!this.tracked) return;
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (value !== null && typeof value === 'object') {
        this.tracked = undefined;
        return;
      }
      this.tracked[key] = value;
    }
  }

  /** The held keys in the order they came, to give to Powertools' store now; `undefined` when none are held. */
  takePending(): Record<string, unknown> | undefined {
    const pending = this.#pending;
    if (pending) {
      this.#pending = undefined;
      this.#given = true;
    }
    return pending;
  }

  /** Forgets every key. @returns whether Powertools' store held some, and must be reset too. */
  reset(): boolean {
    const given = this.#given;
    this.#pending = undefined;
    this.tracked = {};
    this.#given = false;
    return given;
  }

  /** Stops tracking: keys were removed from Powertools' store, which then knows best. */
  untrack(): void {
    this.tracked = undefined;
  }
}
