import { MAX_JSON_NESTING_DEPTH } from '../../lib/http/json-nesting.js';
import type { SeededRandom } from './seeded-random.js';

/** A replacement for one field: raw JSON text (some values, like `1e309`, have no JS form). */
export interface HostileValue {
  label: string;
  json: string;
}

/** What the replacement may depend on. */
export interface HostileContext {
  rng: SeededRandom;
  marker: string;
  /** The value being replaced. */
  original: unknown;
  /** Room left under the body size limit, for huge strings. */
  roomBytes: number;
}

const str = (value: string): string => JSON.stringify(value);

function nested(rng: SeededRandom, depth: number, marker: string): string {
  const [open, close] = rng.chance(0.5) ? ['[', ']'] : ['{"a":', '}'];
  return open.repeat(depth) + str(marker) + close.repeat(depth);
}

/** Hostile values by family; each family is equally likely, then one value of it. */
const FAMILIES: Record<string, (c: HostileContext) => HostileValue> = {
  literal: ({ rng }) => rng.pick([{ label: 'null', json: 'null' }, { label: 'true', json: 'true' }, { label: 'false', json: 'false' }]),
  number: ({ rng }) => {
    const json = rng.pick(['1e309', '-1e309', '1E400', '-0', '-0.0', '0e-400', '123456789012345678901234567890', '9007199254740993', '-9223372036854775809', '0.1e-7', '42']);
    return { label: `number ${json}`, json };
  },
  text: ({ rng, marker }) => {
    const variants: [string, string][] = [
      ['marker', marker],
      ['CR/LF', `${marker}\r\nX-Injected: 1\r\n`],
      ['non-ASCII', `${marker}-東京-ü-😀`],
      ['lone high surrogate', `${marker}\ud800`],
      ['lone low surrogate', `\udc00${marker}`],
      ['reversed surrogates', `${marker}\udc00\ud800`],
      ['percent sequences', `${marker}%zz%0%E6%9D%B1%%25`],
      ['control characters', `${marker}\u0000\u0007\u001f\u007f`],
      ['revision with surrogate', `main@sha1:${marker}\ud800`],
      ['path-like', `../../${marker}/..%2f`],
      ['quote and backslash', `${marker}"\\'\``],
      ['U+2028/U+FEFF', `${marker}\u2028\u2029\ufeff`],
      ['long name', `${marker}${'n'.repeat(rng.int(200, 2000))}`],
    ];
    const [label, value] = rng.pick(variants);
    return { label: `string ${label}`, json: str(value) };
  },
  time: ({ rng, marker }) => {
    const value = rng.pick(['1', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '0000-00-00T00:00:00Z', '9999-12-31T23:59:60Z', `${marker}T00:00:00Z`, '', '2024-07-12T08:56:37+25:00']);
    return { label: 'time-like string', json: str(value) };
  },
  huge: ({ rng, marker, roomBytes }) => {
    const length = Math.max(0, Math.min(roomBytes - 64, rng.chance(0.1) ? roomBytes : rng.int(1_000, 200_000)));
    return { label: `huge string (${length} chars)`, json: str(marker + rng.pick(['A', 'é', '\\']).repeat(Math.floor(length / 2))) };
  },
  container: ({ rng, marker, original }) => {
    const variants: [string, string][] = [
      ['empty array', '[]'],
      ['empty object', '{}'],
      ['array of marker', `[${str(marker)}]`],
      ['marker key', `{${str(marker)}:${str(marker)}}`],
      ['value wrapped in an array', `[${JSON.stringify(original) ?? 'null'}]`],
      ['object where a value belongs', `{"value":${JSON.stringify(original) ?? 'null'},"x":${str(marker)}}`],
    ];
    const [label, json] = rng.pick(variants);
    return { label, json };
  },
  deep: ({ rng, marker }) => {
    const depth = rng.chance(0.3) ? rng.int(MAX_JSON_NESTING_DEPTH - 10, MAX_JSON_NESTING_DEPTH + 3) : rng.int(1_000, 10_000);
    return { label: `nesting ${depth} levels`, json: nested(rng, depth, marker) };
  },
  prototype: ({ rng, marker }) => {
    const json = rng.pick([
      `{"__proto__":{"polluted":${str(marker)}}}`,
      `{"constructor":{"prototype":{"polluted":${str(marker)}}}}`,
      `{"prototype":${str(marker)},"constructor":${str(marker)}}`,
      `{"\\u005f_proto__":{"polluted":${str(marker)}}}`,
    ]);
    return { label: 'prototype keys', json };
  },
};

/** One hostile value for a field. */
export function hostileValue(context: HostileContext): HostileValue {
  return FAMILIES[context.rng.pick(Object.keys(FAMILIES))]!(context);
}

/** A hostile member to add to an object: prototype keys or a marker key. */
export function hostileMember(rng: SeededRandom, marker: string): HostileValue {
  const json = rng.pick([
    `"__proto__":{"polluted":${str(marker)}}`,
    `"constructor":{"prototype":{"polluted":${str(marker)}}}`,
    `"prototype":{"polluted":${str(marker)}}`,
    `${str(marker)}:${str(marker)}`,
    `${str(`${marker}\ud800`)}:null`,
  ]);
  return { label: 'added member', json };
}
