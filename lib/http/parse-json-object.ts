import secureJsonParse from 'secure-json-parse';
import { describeJsonType, isJsonObject } from '../validation/json-type.js';
import { BadRequestError } from './http-error.js';
import { assertNestingWithinLimit } from './json-nesting.js';
import { locateJsonSyntaxError } from './locate-json-syntax-error.js';

/**
 * `__proto__` keys and `constructor` keys holding a `prototype` are deleted at every depth, so no
 * code downstream can reach an object's prototype through a copied key. secure-json-parse only
 * walks the result when the text contains such a key, so a normal body costs about one plain
 * `JSON.parse` (1.2× measured on a 20 KB Argo CD body, against 3.3× for a reviver).
 */
const PROTOTYPE_KEYS = { protoAction: 'remove', constructorAction: 'remove' } as const;

/**
 * Parses the body as a JSON object: nesting limit first, then the parse with the prototype guard.
 * Invalid UTF-8 is decoded to U+FFFD (valid inside strings, an unexpected character outside).
 * Messages name the position and the kind of problem, never the body's content.
 * @throws BadRequestError when the body is empty, nested too deeply, not JSON, or not an object.
 */
export function parseJsonObject(rawBody: Buffer): Record<string, unknown> {
  if (rawBody.length === 0) throw new BadRequestError('request body is empty; send a JSON object');
  assertNestingWithinLimit(rawBody);
  let value: unknown;
  try {
    value = secureJsonParse(rawBody.toString('utf8'), null, PROTOTYPE_KEYS);
  } catch {
    throw new BadRequestError(describeSyntaxError(rawBody));
  }
  if (!isJsonObject(value)) throw new BadRequestError(`request body must be a JSON object, got ${describeJsonType(value)}`);
  return value as Record<string, unknown>;
}

function describeSyntaxError(rawBody: Buffer): string {
  const found = locateJsonSyntaxError(rawBody);
  if (!found) return 'request body is not valid JSON';
  return `request body is not valid JSON: ${found.problem} at line ${found.line}, column ${found.column} (byte offset ${found.offset})`;
}
