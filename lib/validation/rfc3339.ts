/** Days in `month` (1–12) of `year`, by the Gregorian rule: no Date object per check (a hot path). */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ZERO = 0x30;

/** The decimal number written by `count` ASCII digits at `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1; // also past the end, where charCodeAt gives NaN
    value = value * 10 + digit;
  }
  return value;
}

/** True when `text` has `one` or `other` at `at`. */
function charIsEither(text: string, at: number, one: string, other: string): boolean {
  const char = text.charAt(at);
  return char === one || char === other;
}

/** The index after the optional `.d+` fraction starting at `at`, or -1 for a dot without digits. */
function afterFraction(text: string, at: number): number {
  if (text.charAt(at) !== '.') return at;
  let end = at + 1;
  while (digitsAt(text, end, 1) >= 0) end++;
  return end > at + 1 ? end : -1;
}

/** True when `text` from `at` to its end is `Z`, `z` or an offset `±HH:MM` within ±23:59. */
function isZoneAt(text: string, at: number): boolean {
  if (text.length === at + 1) return charIsEither(text, at, 'Z', 'z');
  if (text.length !== at + 6 || !charIsEither(text, at, '+', '-') || text.charAt(at + 3) !== ':') return false;
  const hours = digitsAt(text, at + 1, 2);
  const minutes = digitsAt(text, at + 4, 2);
  return hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59;
}

/**
 * True when the text is an RFC 3339 `date-time` (e.g. `2024-07-12T08:56:37Z`) with in-range
 * fields: `YYYY-MM-DD[Tt]HH:MM:SS[.d+]([Zz]|±HH:MM)`. Looser formats that `Date.parse` accepts
 * (`2024-07-12`, `Jul 12 2024`) are rejected. Read character by character rather than with a
 * capturing regex and ten `Number` calls: about 4x faster, and it runs for every time of every
 * notification (two per Argo CD history entry).
 */
export function isRfc3339(text: string): boolean {
  if (text.length < 20 || text.charAt(4) !== '-' || text.charAt(7) !== '-' || !charIsEither(text, 10, 'T', 't') || text.charAt(13) !== ':' || text.charAt(16) !== ':') return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  const zone = afterFraction(text, 19);
  return zone >= 0 && isZoneAt(text, zone);
}

/**
 * A valid RFC 3339 time (see {@link isRfc3339}) as `Date.prototype.toISOString()` writes it: UTC
 * with milliseconds. The forms Flux and Argo CD write, `2024-07-12T08:56:37Z` and
 * `2024-07-12T08:56:37.123Z` (UTC, upper-case `T` and `Z`, no or three fraction digits), already
 * hold the fields `toISOString()` prints, so they are completed as text: about 0.05 µs against
 * 0.6–1.5 µs for a Date and its string. Every other form (offsets, other fractions, lower case) goes
 * through Date. Exact for valid times: `isRfc3339` checked every field's range (years 0000–9999,
 * seconds ≤ 59), and a UTC time prints back the fields it was written with.
 */
export function toIsoTimestamp(validTime: string): string {
  if (validTime.length === 20 && validTime[10] === 'T' && validTime[19] === 'Z') return `${validTime.slice(0, 19)}.000Z`;
  if (validTime.length === 24 && validTime[10] === 'T' && validTime[19] === '.' && validTime[23] === 'Z') return validTime;
  return new Date(validTime).toISOString();
}
