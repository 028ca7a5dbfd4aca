import { createHash } from 'node:crypto';
import { FORBIDDEN_KEYS } from './json-fields.js';

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped, prototype-pollution
 * keys skipped. Written straight to a string, so nothing is copied into intermediate objects.
 * Nesting is bounded by the parsed body, which the HTTP layer limits in size.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const members = Object.keys(value)
    .filter((key) => !FORBIDDEN_KEYS.has(key) && (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${members.join(',')}}`;
}

/** Hex sha256 of a string. */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Hex sha256 of the canonical JSON of a value. */
export function canonicalHash(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
