/** A JSON object as parsed from a request body. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A short name for the JSON type of a value (`null`, `an array`, `a number`, …). Error messages use
 * it instead of the value itself, so a response or log line never repeats what the caller sent.
 */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
