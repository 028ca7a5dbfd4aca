import {
  array, finite, type GenericSchema, looseObject, minLength, nullish, number, type ObjectEntries, optional, pipe,
  string, transform, unknown,
} from 'valibot';
import { toIsoTimestamp } from '../../validation/rfc3339.js';
import { jsonObject, notAnArray } from '../../validation/json-object-schema.js';
import { rfc3339Time } from '../../validation/rfc3339-time.js';

/**
 * The field kinds of an Argo CD Application, as valibot schemas. Argo CD's Go structs marshal an
 * unset string as `""` or leave it out, and `toJson` renders a nil pointer as `null`, so `null` and
 * `""` read as absent everywhere. Object schemas read only their declared keys: unknown keys (Helm
 * values, annotations, `managedFields`, …) are never copied.
 */

/** A string field; `null` and `""` read as `undefined`. */
export const optionalText = pipe(nullish(string()), transform((value) => value || undefined));

/** Like {@link optionalText}, trimmed; a blank value reads as `undefined`. */
export const trimmedText = pipe(nullish(string()), transform((value) => value?.trim() || undefined));

/** A string field that must be present and not empty (`null` and `""` read as missing). */
export const requiredText = pipe(nullish(string(), ''), minLength(1, 'is required'));

/**
 * A time field (`metav1.Time`, RFC 3339): absent, or a strict RFC 3339 date-time normalised with
 * `toISOString()` (`2024-07-12T08:56:37Z` → `2024-07-12T08:56:37.000Z`), the form ids and dedupe
 * keys are built from. Anything else (`"1"`, `2024-02-30T00:00:00Z`) is an issue, never another date.
 */
export const optionalTime = pipe(
  optionalText,
  optional(rfc3339Time),
  transform((value) => (value === undefined ? undefined : toIsoTimestamp(value))),
);

/** A number field (`history[].id`); JSON can hold `1e999`, which parses to `Infinity`. */
export const optionalNumber = nullish(pipe(number(), finite('must be a finite number')));

/** A boolean field where any other type reads as `undefined`, as Argo CD never sends one. */
export const lenientBoolean = pipe(
  optional(unknown()),
  transform((value) => (typeof value === 'boolean' ? value : undefined)),
);

/** A list of strings; absent or `null` reads as `[]`. */
export const stringList = nullish(array(string()), () => []);

/** A list of `item`; absent or `null` reads as `[]`. */
export function listOf<TItem extends GenericSchema>(item: TItem) {
  return nullish(array(item), () => []);
}

/**
 * Like `jsonObject` (`lib/validation/json-object-schema.ts`), but the output also keeps the other
 * keys, except `__proto__`, `constructor` and `prototype`, which valibot never copies.
 */
export function looseObjectOf<const TEntries extends ObjectEntries>(entries: TEntries) {
  return pipe(unknown(), notAnArray, looseObject(entries));
}

/** An optional `jsonObject`: absent or `null` reads as `{}`, so the defaults of its fields apply. */
export function optionalObjectOf<const TEntries extends ObjectEntries>(entries: TEntries) {
  return nullish(jsonObject(entries), () => ({}));
}
