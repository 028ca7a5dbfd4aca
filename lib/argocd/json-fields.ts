import { BadRequestError } from '../http/http-error.js';

/** A JSON object as parsed from the request body. */
export type JsonObject = Readonly<Record<string, unknown>>;

/** Keys that could reach an object's prototype; never read, never copied. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** `path.key`, or `key` at the top level (`path` empty). */
function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An own property of `object` (inherited ones are ignored), or `undefined` for forbidden keys. */
export function own(object: JsonObject, key: string): unknown {
  if (FORBIDDEN_KEYS.has(key) || !Object.hasOwn(object, key)) return undefined;
  return object[key];
}

/**
 * The object at `object[key]`; `undefined` (or `null`) when absent.
 * @throws BadRequestError naming `path.key` when present with another type.
 */
export function optionalObject(object: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = own(object, key);
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) throw new BadRequestError(`${at(path, key)} must be an object, got ${typeName(value)}`);
  return value;
}

/** Like {@link optionalObject}, but absence is an error: `<path>.<key> is required`. */
export function requiredObject(object: JsonObject, key: string, path: string): JsonObject {
  const value = optionalObject(object, key, path);
  if (!value) throw new BadRequestError(`${at(path, key)} is required`);
  return value;
}

/**
 * The string at `object[key]`; empty strings count as absent.
 * @throws BadRequestError when present with another type.
 */
export function optionalString(object: JsonObject, key: string, path: string): string | undefined {
  const value = own(object, key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new BadRequestError(`${at(path, key)} must be a string, got ${typeName(value)}`);
  return value;
}

/** Like {@link optionalString}, but absence or `""` is an error: `<path>.<key> is required`. */
export function requiredString(object: JsonObject, key: string, path: string): string {
  const value = optionalString(object, key, path);
  if (value === undefined) throw new BadRequestError(`${at(path, key)} is required`);
  return value;
}

/** The boolean at `object[key]`, when it is one (other types are ignored). */
export function optionalBoolean(object: JsonObject, key: string): boolean | undefined {
  const value = own(object, key);
  return typeof value === 'boolean' ? value : undefined;
}

/** The finite number at `object[key]`, when it is one. @throws BadRequestError for other types. */
export function optionalNumber(object: JsonObject, key: string, path: string): number | undefined {
  const value = own(object, key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new BadRequestError(`${at(path, key)} must be a number, got ${typeName(value)}`);
  }
  return value;
}

/** The array at `object[key]` (empty when absent). @throws BadRequestError for other types. */
export function optionalArray(object: JsonObject, key: string, path: string): readonly unknown[] {
  const value = own(object, key);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new BadRequestError(`${at(path, key)} must be an array, got ${typeName(value)}`);
  return value;
}

/** The strings of the array at `object[key]`. @throws BadRequestError for non-string items. */
export function stringArray(object: JsonObject, key: string, path: string): string[] {
  return optionalArray(object, key, path).map((item, index) => {
    if (typeof item !== 'string') throw new BadRequestError(`${at(path, key)}[${index}] must be a string, got ${typeName(item)}`);
    return item;
  });
}

/**
 * A date-time string normalised with `toISOString()`.
 * @throws BadRequestError when present but not a date-time.
 */
export function optionalTime(object: JsonObject, key: string, path: string): string | undefined {
  const value = optionalString(object, key, path);
  if (value === undefined) return undefined;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new BadRequestError(`${at(path, key)} must be an RFC 3339 date-time, got '${value.slice(0, 40)}'`);
  return time.toISOString();
}
