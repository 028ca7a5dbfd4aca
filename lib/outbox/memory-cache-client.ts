import type { CacheClient } from '@aws-lambda-powertools/idempotency/cache/types';

/** The options `CachePersistenceLayer` passes to `set`: Redis's `EX` (seconds to live) and `NX` (only if absent). */
interface SetOptions {
  EX?: number;
  NX?: boolean;
}

/**
 * An in-process key-value store with the slice of the Redis client that Powertools'
 * `CachePersistenceLayer` calls (`get`, `set` with `EX`/`NX`, `del`), so `npm start` runs the same
 * idempotent redelivery as Lambda without a database. Written here because Powertools ships no
 * in-memory persistence layer; it holds one small record per redelivered item, expired on read.
 */
export class MemoryCacheClient implements CacheClient {
  readonly #entries = new Map<string, { value: string; expiresAt: number }>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** The value under `name`, or `null` when absent or expired. */
  async get(name: string): Promise<string | null> {
    const entry = this.#entries.get(name);
    if (!entry) return null;
    if (entry.expiresAt <= this.#now()) {
      this.#entries.delete(name);
      return null;
    }
    return entry.value;
  }

  /** Stores `value` (Redis semantics: `NX` refuses with `null` when a live value exists). */
  async set(name: string | Uint8Array, value: unknown, options?: unknown): Promise<string | null> {
    const key = String(name);
    const { EX, NX } = (options ?? {}) as SetOptions;
    if (NX && (await this.get(key)) !== null) return null;
    const ttlMs = EX !== undefined && EX > 0 ? EX * 1000 : Number.POSITIVE_INFINITY;
    this.#entries.set(key, { value: String(value), expiresAt: this.#now() + ttlMs });
    return 'OK';
  }

  /** Deletes the keys; @returns how many existed. */
  async del(keys: string[]): Promise<number> {
    let deleted = 0;
    for (const key of keys) if (this.#entries.delete(key)) deleted++;
    return deleted;
  }
}
