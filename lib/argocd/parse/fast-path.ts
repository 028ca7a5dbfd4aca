import type { GenericSchema, InferOutput } from 'valibot';
import { isRfc3339, toIsoTimestamp } from '../../validation/rfc3339.js';

/** What a fast path returns when it leaves the value to the valibot schema. */
export const MISS: unique symbol = Symbol('miss');
/** The result of a fast path: the schema's exact output, or {@link MISS}. */
export type Fast<T> = T | typeof MISS;

type Run = (dataset: { value: unknown; typed?: boolean }, config: unknown) => unknown;

/**
 * `schema` with a hand-written fast path in front: `fast` returns the schema's output for the
 * common, valid shapes and {@link MISS} for anything else, which the schema itself then reads
 * (and reports, with its own issues). So the schema stays the definition: the fast path only
 * skips valibot's per-field datasets and output copies, never changes an output or an error.
 * A history entry costs ~16 µs through valibot and ~3 µs through its fast path (issue 9,
 * measured); `test/unit/argocd-fast-path.test.ts` checks both give the same outputs.
 */
export function withFastPath<TSchema extends GenericSchema>(schema: TSchema, fast: (value: unknown) => Fast<InferOutput<TSchema>>): TSchema {
  const slow = schema['~run'] as unknown as Run;
  const run: Run = function run(dataset, config) {
    const output = fast(dataset.value);
    if (output === MISS) return slow.call(schema, dataset, config);
    dataset.typed = true;
    dataset.value = output;
    return dataset;
  };
  return { ...schema, '~run': run };
}

/**
 * A JSON object whose keys read as valibot's object schemas read them: a plain object (no array,
 * `Object.prototype` as prototype, so `key in value` is an own key) without the keys
 * `__proto__`, `constructor` and `prototype`, which valibot's loose objects never copy.
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype
    && !Object.hasOwn(value, '__proto__') && !Object.hasOwn(value, 'constructor') && !Object.hasOwn(value, 'prototype');
}

/** A `nullish(string())` value (as is), or {@link MISS}. */
export function nullishString(value: unknown): Fast<string | null | undefined> {
  return value === null || value === undefined || typeof value === 'string' ? value : MISS;
}

/** `optionalText`: `null` and `""` read as `undefined`. */
export function fastOptionalText(value: unknown): Fast<string | undefined> {
  const text = nullishString(value);
  return text === MISS ? MISS : text || undefined;
}

/** `optionalTime`: absent, or a strict RFC 3339 date-time normalised with `toISOString()`. */
export function fastOptionalTime(value: unknown): Fast<string | undefined> {
  const text = fastOptionalText(value);
  if (text === MISS || text === undefined) return text;
  return isRfc3339(text) ? toIsoTimestamp(text) : MISS;
}

/** `stringList`: absent or `null` reads as `[]`; a copy of an array of strings. */
export function fastStringList(value: unknown): Fast<string[]> {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) return MISS;
  for (const item of value) if (typeof item !== 'string') return MISS;
  return [...(value as string[])];
}

/** A list read item by item with `item`; absent or `null` reads as `[]`, any unread item as a miss. */
export function fastList<T>(value: unknown, item: (value: unknown) => Fast<T>): Fast<T[]> {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) return MISS;
  const items: T[] = [];
  for (const element of value) {
    const read = item(element);
    if (read === MISS) return MISS;
    items.push(read);
  }
  return items;
}
