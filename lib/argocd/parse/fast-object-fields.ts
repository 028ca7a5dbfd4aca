import { type Fast, fastOptionalText, fastOptionalTime, isPlainObject, MISS } from './fast-path.js';

/**
 * Readers of a JSON object's fields for the fast paths (see `withFastPath`), shaped as valibot's
 * object schemas output them: a key is set only when the body has it.
 */

/** The fields of a JSON object, by key. */
export type Fields = Record<string, unknown>;

// Made once, not per notification: one allocation fewer on the hot path.
const NO_KEYS: readonly string[] = [];

/** The fields of `value` read with `read`, or MISS; `value` absent or `null` reads as `{}` when `optional`. */
export function fields(value: unknown, optional: boolean, read: (object: Fields) => Fast<Fields>): Fast<Fields> {
  if (optional && (value === null || value === undefined)) return read({});
  return isPlainObject(value) ? read(value) : MISS;
}

/** Text fields set only when present (optionalText, optionalTime), as valibot's object schema sets them. */
export function present(object: Fields, texts: readonly string[], times: readonly string[] = NO_KEYS): Fast<Fields> {
  const output: Fields = {};
  for (const key of texts) {
    if (!(key in object)) continue;
    const value = fastOptionalText(object[key]);
    if (value === MISS) return MISS;
    output[key] = value;
  }
  for (const key of times) {
    if (!(key in object)) continue;
    const value = fastOptionalTime(object[key]);
    if (value === MISS) return MISS;
    output[key] = value;
  }
  return output;
}
