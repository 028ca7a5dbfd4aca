/**
 * Percent-encoding of CloudEvents attribute values carried in HTTP headers (binary mode).
 *
 * CloudEvents HTTP protocol binding v1.0.2, §3.1.3.2 "HTTP Header Values": "string values
 * represented as HTTP header values MUST be percent-encoded". The characters that MUST be encoded
 * are "Space (U+0020)", "Double-quote (U+0022)", "Percent (U+0025)" and "Any characters outside the
 * printable ASCII range of U+0021-U+007E inclusive"; each is encoded by "Encode the character using
 * UTF-8, to obtain a byte sequence" and then each byte as `%xy`, upper-case hex being the SHOULD.
 * Every other character is left as it is ("The resulting string SHOULD NOT be further encoded").
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#3132-http-header-values
 *
 * Hand-written rather than `encodeURIComponent`: that encodes `/`, `:`, `?` and more, which the
 * binding does not ask for, so every `ce-source` and `ce-subject` would change on the wire for
 * receivers that do not decode (the `cloudevents` JS SDK v10 does not), and it throws on lone
 * surrogates.
 */

/** UTF-8 encoder; like `String.prototype.toWellFormed`, it turns a lone surrogate into U+FFFD. */
const utf8 = new TextEncoder();

/** Values made only of characters the binding leaves as they are: returned unchanged, no copy. */
const NEEDS_NO_ENCODING = /^[\x21\x23\x24\x26-\x7E]*$/;

const SPACE = 0x20;
const DOUBLE_QUOTE = 0x22;
const PERCENT = 0x25;
const TILDE = 0x7e;

/** What each UTF-8 byte becomes: itself when printable ASCII other than `"` and `%`, else `%XY`. */
const BYTE_TEXT = Array.from({ length: 256 }, (_, byte) =>
  byte > SPACE && byte <= TILDE && byte !== DOUBLE_QUOTE && byte !== PERCENT
    ? String.fromCharCode(byte)
    : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`);

/**
 * Encodes one attribute value for a `ce-*` header. Total: any string, including one with
 * control characters or lone UTF-16 surrogates (sent as U+FFFD), gives printable ASCII.
 * Byte-wise is exact: UTF-8 bytes 0x21–0x7E only ever stand for the ASCII characters themselves.
 */
export function encodeHeaderValue(value: string): string {
  if (NEEDS_NO_ENCODING.test(value)) return value;
  let encoded = '';
  for (const byte of utf8.encode(value)) encoded += BYTE_TEXT[byte];
  return encoded;
}
