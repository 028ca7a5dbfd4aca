// What HTTP refuses in a field value (RFC 9110 §5.5): CR, LF and NUL, and here anything above
// U+00FF, which a Latin-1 header cannot carry. Checked by hand rather than with `new Headers()`,
// which would load the global fetch (undici) on the first event: ~40 ms of cold start on Node 20.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters are what is refused
const UNSENDABLE_HEADER_VALUE = /[\r\n\0]|[^\u0000-\u00ff]/;

/**
 * The headers as they will be sent, or the name of the first one HTTP would refuse
 * (a value with CR, LF, NUL or a character above U+00FF). Checked here because fetch reports it
 * as a `TypeError` like a network failure, which would be retried until the deadline.
 */
export function toFetchHeaders(entries: Record<string, string>): Record<string, string> | string {
  for (const name of Object.keys(entries)) {
    if (UNSENDABLE_HEADER_VALUE.test(entries[name] as string)) return name;
  }
  return entries;
}
