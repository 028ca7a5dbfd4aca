/** Any UTF-16 surrogate code unit, paired or not: a cheap test before the Unicode-aware replace. */
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * Replaces each lone UTF-16 surrogate with U+FFFD, as `String.prototype.toWellFormed` (ES2024)
 * does; strings without one come back unchanged. A JSON body can carry a lone surrogate
 * (`"\ud800"`), and `encodeURIComponent` throws `URIError` on it, so user text goes through here
 * before any URI encoding. (The ES2022 typings this project compiles against lack `toWellFormed`.)
 */
export function toWellFormed(value: string): string {
  return SURROGATE.test(value) ? value.replace(/\p{Cs}/gu, '\uFFFD') : value;
}
