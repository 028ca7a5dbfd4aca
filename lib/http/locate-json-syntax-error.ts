import { JsonScanner, LocatedSyntaxError } from './json-scanner.js';

/** Where and why a body is not JSON, in words that never quote the body. */
export interface JsonSyntaxProblem {
  /** Generic: `unexpected character, expected ':'`, `unterminated string`, `invalid escape`, … */
  problem: string;
  /** 0-based byte offset in the raw body. */
  offset: number;
  /** 1-based line (lines end at LF). */
  line: number;
  /** 1-based column, counted in Unicode characters (UTF-8 continuation bytes do not count). */
  column: number;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasBom(raw: Uint8Array): boolean {
  return UTF8_BOM.every((byte, k) => raw[k] === byte);
}

/**
 * Validates the bytes against the JSON grammar (RFC 8259 §2–7) and returns the first error.
 * Only used after `JSON.parse` failed: V8's messages sometimes quote the input and often give no
 * position, so this names the position and the kind of problem itself. Bytes ≥ 0x80 are accepted
 * inside strings and rejected outside, which matches parsing the UTF-8-decoded text (invalid
 * sequences decode to U+FFFD). A leading UTF-8 byte order mark is skipped, as the parser does.
 * @returns undefined when the bytes are valid JSON.
 */
export function locateJsonSyntaxError(raw: Uint8Array): JsonSyntaxProblem | undefined {
  const start = hasBom(raw) ? UTF8_BOM.length : 0;
  try {
    new JsonScanner(raw, start).scanDocument();
    return undefined;
  } catch (error) {
    if (!(error instanceof LocatedSyntaxError)) throw error;
    return { problem: error.problem, offset: error.offset, ...lineAndColumn(raw, start, error.offset) };
  }
}

function lineAndColumn(raw: Uint8Array, start: number, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = start; i < offset; i++) {
    if (raw[i] === 0x0a) {
      line++;
      column = 1;
    } else if (((raw[i] as number) & 0xc0) !== 0x80) {
      column++;
    }
  }
  return { line, column };
}
