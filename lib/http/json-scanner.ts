/** The first JSON syntax error met by {@link JsonScanner}: a generic problem and its byte offset. */
export class LocatedSyntaxError {
  constructor(readonly problem: string, readonly offset: number) {}
}

/** A defensive bound on recursion; the door checks a far lower nesting limit first. */
const SCAN_DEPTH_LIMIT = 1_000;
const ESCAPES = new Set([...'"\\/bfnrt'].map((c) => c.charCodeAt(0)));
const isDigit = (b: number | undefined): boolean => b !== undefined && b >= 0x30 && b <= 0x39;
const isHex = (b: number | undefined): boolean => b !== undefined && (isDigit(b) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x66));
const isWhitespace = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** A recursive-descent pass over the bytes that throws {@link LocatedSyntaxError} at the first error. */
export class JsonScanner {
  #i: number;

  /** @param start - the offset of the first byte to scan (past a byte order mark, if any). */
  constructor(private readonly raw: Uint8Array, start: number) {
    this.#i = start;
  }

  /**
   * Scans one JSON value and the whitespace after it, up to the end of the bytes.
   * @throws {@link LocatedSyntaxError} at the first syntax error.
   */
  scanDocument(): void {
    this.scanValue(1);
    this.skipWhitespace();
    if (this.#i < this.raw.length) throw new LocatedSyntaxError('unexpected data after the JSON value', this.#i);
  }

  private expected(what: string): never {
    const atEnd = this.#i >= this.raw.length;
    throw new LocatedSyntaxError(`${atEnd ? 'unexpected end of input' : 'unexpected character'}, expected ${what}`, Math.min(this.#i, this.raw.length));
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.raw[this.#i])) this.#i++;
  }

  private scanValue(depth: number): void {
    this.skipWhitespace();
    const b = this.raw[this.#i];
    if (depth > SCAN_DEPTH_LIMIT) throw new LocatedSyntaxError('nested too deeply', this.#i);
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
      if (b === undefined) throw new LocatedSyntaxError('unterminated string', raw.length);
      if (b < 0x20) throw new LocatedSyntaxError('control character in string', this.#i);
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
    if (this.#i >= raw.length) throw new LocatedSyntaxError('unterminated string', raw.length);
    if (!valid) throw new LocatedSyntaxError('invalid escape', escapeAt);
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
