import { canonicalHash } from '../../text/canonical-json.js';

/** Entries kept before the memo starts over (one notification holds a few distinct sources). */
const MAX_ENTRIES = 64;
/** Characters of source text kept before the memo starts over, so large Helm values cannot pile up. */
const MAX_CHARS = 1 << 20;

const memo = new Map<string, string>();
let memoChars = 0;

/**
 * The `contentHash` of a raw source: sha256 of its canonical JSON (helm values included). The same
 * source repeats in `spec`, `syncResult` and every history entry, and canonical JSON + sha256 cost
 * 8–12× the JSON floor per entry (issue 9), so results are memoised by the source's plain
 * `JSON.stringify` text — native, several times cheaper than the canonical writer, and equal texts
 * are equal values, so a hit always returns the hash the canonical writer would. Keys differing
 * only in key order merely miss. The memo is bounded ({@link MAX_ENTRIES}, {@link MAX_CHARS}) and
 * starts over when full; it holds source text in memory only, never in logs or state.
 * @throws RangeError when the source nests deeper than canonical JSON walks (as `canonicalHash`).
 */
export function sourceContentHash(raw: Readonly<Record<string, unknown>>): string {
  const text = JSON.stringify(raw);
  const known = memo.get(text);
  if (known !== undefined) return known;
  const hash = canonicalHash(raw);
  if (memo.size >= MAX_ENTRIES || memoChars + text.length > MAX_CHARS) {
    memo.clear();
    memoChars = 0;
  }
  if (text.length <= MAX_CHARS) {
    memo.set(text, hash);
    memoChars += text.length;
  }
  return hash;
}
