import { BadRequestError } from './http-error.js';

/** Keys that could reach an object's prototype when copied; they are dropped while parsing. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses the body as a JSON object. Prototype-pollution keys are removed at every depth.
 * @throws BadRequestError when the body is empty, not JSON, or not an object.
 */
export function parseJsonObject(rawBody: Buffer): Record<string, unknown> {
  if (rawBody.length === 0) throw new BadRequestError('request body is empty; send a JSON object');
  let value: unknown;
  try {
    value = JSON.parse(rawBody.toString('utf8'), (key, inner) => (FORBIDDEN_KEYS.has(key) ? undefined : inner));
  } catch (error) {
    throw new BadRequestError(`request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BadRequestError(`request body must be a JSON object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
  }
  return value as Record<string, unknown>;
}
