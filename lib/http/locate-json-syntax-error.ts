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

class Located {
  constructor(readonly problem: string, readonly offset: number) {}
}

/** A defensive bound on recursion; the door checks a far lower nesting limit first. */
const SCAN_DEPTH_LIMIT = 1_000;
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined): boolean => b !== undefined && (isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66));
const isWhitespace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

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
    if (!(error instanceof Located)) throw error;
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

/** A recursive-descent pass over the bytes that throws {@link Located} at the first error. */
class JsonScanner {
  #i: number;

  constructor(private readonly raw: Uint8Array, start: number) {
    this.#i = start;
  }

  scanDocument(): void {
    this.scanValue(1);
    this.skipWhitespace();
    if (this.#i < this.raw.length) throw new Located('unexpected data after the JSON value', this.#i);
  }

  private expected(what: string): never {
    const atEnd = this.#i >= this.raw.length;
    throw new Located(`${atEnd ? 'unexpected end of input' : 'unexpected character'}, expected ${what}`, Math.min(this.#i, this.raw.length));
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.raw[this.#i])) this.#i++;
  }

  private scanValue(depth: number): void {
    this.skipWhitespace();
    const b = this.raw[this.#i];
    if (depth > SCAN_DEPTH_LIMIT) throw new Located('nested too deeply', this.#i);
    if (b === 0x7b) this.scanContainer(0x7d, () => this.scanMember(depth + 1));
    else if (b === 0x5b) this.scanContainer(0x5d, () => this.scanValue(depth + 1));
    else if (b === 0x22) this.scanString();
    else if (b === 0x2d || isDigit(b)) this.scanNumber();
    else if (b === 0x74) this.scanLiteral('true');
    else if (b === 0x66) this.scanLiteral('false');
    else if (b === 0x6e) this.scanLiteral('null');
    else this.expected('a value');
  }

  private scanContainer(close: number, scanItem: () => void): void {
    this.#i++;
    this.skipWhitespace();
    if (this.raw[this.#i] !== close) {
      for (;;) {
        scanItem();
        this.skipWhitespace();
        if (this.raw[this.#i] === close) break;
        if (this.raw[this.#i] !== 0x2c) this.expected(`',' or '${String.fromCharCode(close)}'`);
        this.#i++;
      }
    }
    this.#i++;
  }

  private scanMember(depth: number): void {
    this.skipWhitespace();
    if (this.raw[this.#i] !== 0x22) this.expected('a property name in double quotes');
    this.scanString();
    this.skipWhitespace();
    if (this.raw[this.#i] !== 0x3a) this.expected("':'");
    this.#i++;
    this.scanValue(depth);
  }

  private scanString(): void {
    const { raw } = this;
    for (this.#i++; raw[this.#i] !== 0x22; this.#i++) {
      const b = raw[this.#i];
      if (b === undefined) throw new Located('unterminated string', raw.length);
      if (b < 0x20) throw new Located('control character in string', this.#i);
      if (b === 0x5c) this.scanEscape();
    }
    this.#i++;
  }

  /** From the backslash to the last byte of the escape (RFC 8259 §7). */
  private scanEscape(): void {
    const { raw } = this;
    const escapeAt = this.#i++;
    const valid = raw[this.#i] === 0x75
      ? [1, 2, 3, 4].every(() => isHex(raw[++this.#i]))
      : ESCAPES.has(raw[this.#i] as number);
    if (this.#i >= raw.length) throw new Located('unterminated string', raw.length);
    if (!valid) throw new Located('invalid escape', escapeAt);
  }

  private scanNumber(): void {
    if (this.raw[this.#i] === 0x2d) this.#i++;
    if (this.raw[this.#i] === 0x30) this.#i++;
    else this.scanDigits();
    if (this.raw[this.#i] === 0x2e) {
      this.#i++;
      this.scanDigits();
    }
    if (((this.raw[this.#i] ?? 0) | 0x20) === 0x65) {
      this.#i++;
      if (this.raw[this.#i] === 0x2b || this.raw[this.#i] === 0x2d) this.#i++;
      this.scanDigits();
    }
  }

  private scanDigits(): void {
    if (!isDigit(this.raw[this.#i])) this.expected('a digit');
    while (isDigit(this.raw[this.#i])) this.#i++;
  }

  private scanLiteral(word: string): void {
    for (let k = 0; k < word.length; k++, this.#i++) {
      if (this.raw[this.#i] !== word.charCodeAt(k)) this.expected(`'${word}'`);
    }
  }
}
