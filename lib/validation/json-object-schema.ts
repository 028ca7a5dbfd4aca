import { check, object, type ObjectEntries, pipe, unknown } from 'valibot';

function isNotArray(value: unknown): boolean {
  return !Array.isArray(value);
}

/** valibot's object schemas accept arrays (their `typeof` is `'object'`); JSON objects are meant. */
export const notAnArray = check(isNotArray, 'must be an object, got an array');

/**
 * A JSON object with the given fields, as a valibot schema. valibot's `object()` accepts arrays
 * (their `typeof` is `'object'`); a JSON object is meant, so an array fails as
 * `must be an object, got an array`. Only the declared keys are read and copied to the output.
 */
export function jsonObject<const TEntries extends ObjectEntries>(entries: TEntries) {
  return pipe(unknown(), notAnArray, object(entries));
}
