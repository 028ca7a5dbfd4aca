/** `decodeURIComponent`, or `undefined` where it would throw (malformed `%` sequence, invalid UTF-8). */
export function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
