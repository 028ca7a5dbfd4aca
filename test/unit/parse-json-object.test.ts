import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../lib/http/http-error.js';
import { findNestingOverflow, MAX_JSON_NESTING_DEPTH } from '../../lib/http/json-nesting.js';
import { locateJsonSyntaxError } from '../../lib/http/locate-json-syntax-error.js';
import { parseJsonObject } from '../../lib/http/parse-json-object.js';
import { loadFuzzFixtures } from '../fuzz/fuzz-fixtures.js';

function messageOf(body: string | Buffer): string {
  try {
    parseJsonObject(Buffer.isBuffer(body) ? body : Buffer.from(body));
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  return 'accepted';
}

const nestedArrays = (depth: number) => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('parseJsonObject: nesting limit', () => {
  it('accepts a body exactly at the limit and rejects one level more, naming the limit and the offset', () => {
    expect(messageOf(nestedArrays(MAX_JSON_NESTING_DEPTH))).toBe('accepted');
    expect(messageOf(nestedArrays(MAX_JSON_NESTING_DEPTH + 1))).toBe(
      `request body is nested deeper than the limit of ${MAX_JSON_NESTING_DEPTH} levels of arrays and objects (exceeded at byte offset ${5 + MAX_JSON_NESTING_DEPTH - 1})`,
    );
  });

  it('answers 400, not a stack overflow or a syntax error, for 2,500 to 100,000 levels', () => {
    for (const depth of [2_500, 10_000, 100_000]) {
      expect(messageOf(`{"app":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`)).toMatch(/nested deeper than the limit of 100 levels .* byte offset \d+\)$/);
    }
  });

  it('does not count brackets inside strings, including after escaped quotes and backslashes', () => {
    const text = `{"s":"${'[{'.repeat(500)}\\"${'['.repeat(200)}\\\\","t":"\\\\"}`;
    expect(findNestingOverflow(Buffer.from(text), 2)).toBe(-1);
    expect(messageOf(text)).toBe('accepted');
  });

  it('accepts a shallow body with more brackets than the limit, and counts brackets only to decide whether to scan', () => {
    const siblings = `{"items":[${Array.from({ length: 500 }, () => '{"a":[1]}').join(',')}]}`;
    expect(messageOf(siblings)).toBe('accepted');
    expect(messageOf(`{"items":[${'{"a":[1]},'.repeat(300)}${'['.repeat(MAX_JSON_NESTING_DEPTH)}${']'.repeat(MAX_JSON_NESTING_DEPTH)}]}`)).toMatch(/nested deeper than the limit/);
  });

  it('leaves every recorded fixture far below the limit', () => {
    for (const fixture of loadFuzzFixtures()) expect(findNestingOverflow(Buffer.from(fixture.text), 30), fixture.name).toBe(-1);
  });
});

describe('parseJsonObject: syntax errors name a position and never the content', () => {
  it.each([
    ['{"values":Pw-9x!Qz7k"}', 'unexpected character, expected a value at line 1, column 11 (byte offset 10)'],
    ['{"values":"Pw-9x!Qz7k', 'unterminated string at line 1, column 22 (byte offset 21)'],
    ['{"values":"Pw\\q9x"}', 'invalid escape at line 1, column 14 (byte offset 13)'],
    ['{"values":"Pw\\u12x4"}', 'invalid escape at line 1, column 14 (byte offset 13)'],
    ['{"values":"Pw\t9x"}', 'control character in string at line 1, column 14 (byte offset 13)'],
    ['{\n  "values": [1,\n  2,, 3]\n}', 'unexpected character, expected a value at line 3, column 5 (byte offset 22)'],
    ['{"é":"ü" "Pw"}', "unexpected character, expected ',' or '}' at line 1, column 10 (byte offset 11)"],
    ['{"values":tru', "unexpected end of input, expected 'true' at line 1, column 14 (byte offset 13)"],
    ['{"values":-}', 'unexpected character, expected a digit at line 1, column 12 (byte offset 11)'],
    ['{"values":1} Pw', 'unexpected data after the JSON value at line 1, column 14 (byte offset 13)'],
    ['{Pw:1}', 'unexpected character, expected a property name in double quotes at line 1, column 2 (byte offset 1)'],
  ])('%j', (body, where) => {
    const message = messageOf(body);
    expect(message).toBe(`request body is not valid JSON: ${where}`);
    expect(message).not.toMatch(/Pw|Qz7k/);
  });

  it('rejects empty, whitespace and non-object bodies naming the JSON type', () => {
    expect(messageOf('')).toBe('request body is empty; send a JSON object');
    expect(messageOf(' \n')).toBe('request body is not valid JSON: unexpected end of input, expected a value at line 2, column 1 (byte offset 2)');
    expect(messageOf('[1]')).toBe('request body must be a JSON object, got an array');
    expect(messageOf('null')).toBe('request body must be a JSON object, got null');
    expect(messageOf('"Pw-9x"')).toBe('request body must be a JSON object, got a string');
    expect(messageOf('-0')).toBe('request body must be a JSON object, got a number');
  });

  it('decodes invalid UTF-8 to U+FFFD inside strings and reports it as an unexpected character outside', () => {
    const inString = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xc3]), Buffer.from('"}')]);
    expect(parseJsonObject(inString)).toEqual({ a: '\ufffd\ufffd' });
    const outside = Buffer.concat([Buffer.from('{"a":'), Buffer.from([0xff]), Buffer.from('}')]);
    expect(messageOf(outside)).toBe('request body is not valid JSON: unexpected character, expected a value at line 1, column 6 (byte offset 5)');
  });

  it('keeps lone surrogate escapes (valid JSON) and skips a UTF-8 byte order mark', () => {
    expect(parseJsonObject(Buffer.from('{"revision":"main@sha1:\\ud800"}'))).toEqual({ revision: 'main@sha1:\ud800' });
    expect(parseJsonObject(Buffer.from('\ufeff{"a":1}'))).toEqual({ a: 1 });
  });

  it('agrees with JSON.parse on which byte strings are JSON (property, 3,000 runs)', () => {
    const token = fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', 'u', '0', '1', 'e', '-', '.', ' ', '\n', 'true', 'null', '"k"', '\u0001', 'é', '\ud800');
    fc.assert(fc.property(fc.array(token, { maxLength: 16 }), fc.uint8Array({ maxLength: 2 }), (tokens, extra) => {
      const bytes = Buffer.concat([Buffer.from(tokens.join('')), Buffer.from(extra)]);
      let valid = true;
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        valid = false;
      }
      expect(locateJsonSyntaxError(bytes) === undefined).toBe(valid);
    }), { seed: 6, numRuns: 3_000 });
  });

  it('reports every truncation of every fixture at its last byte', () => {
    for (const fixture of loadFuzzFixtures()) {
      const bytes = Buffer.from(fixture.text);
      for (let end = 1; end < bytes.length; end += 7) {
        const found = locateJsonSyntaxError(bytes.subarray(0, end));
        if (found) expect({ offset: found.offset, problem: found.problem }).toEqual({ offset: end, problem: expect.stringMatching(/end of input|unterminated string/) });
      }
    }
  });
});

describe('parseJsonObject: prototype keys', () => {
  it('removes __proto__ and constructor.prototype at every depth and keeps benign keys', () => {
    const parsed = parseJsonObject(Buffer.from('{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"x":1}},"b":[{"__proto__":{"polluted":2}}]},"prototype":"p","constructor":"c"}'));
    expect(parsed).toEqual({ a: { b: [{}] }, prototype: 'p', constructor: 'c' });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('also removes an escaped __proto__ key', () => {
    const parsed = parseJsonObject(Buffer.from('{"\\u005f_proto__":{"polluted":1},"a":1}'));
    expect(Object.hasOwn(parsed, '__proto__')).toBe(false);
    expect(parsed).toEqual({ a: 1 });
  });
});
