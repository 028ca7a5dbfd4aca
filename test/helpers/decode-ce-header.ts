/**
 * Decoding of `ce-*` header values as a conforming CloudEvents consumer does it, CloudEvents HTTP
 * protocol binding v1.0.2 §3.1.3.2 "HTTP Header Values": the value "MUST first be unescaped with
 * respect to double-quoted strings" (RFC 7230 §3.2.6), then "A single round of percent-decoding
 * MUST then be performed"; decoding "MUST accept lower-case values" and unnecessarily encoded
 * characters, but "encoded byte sequences which are invalid in UTF-8 MUST be rejected".
 * @see https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/bindings/http-protocol-binding.md#3132-http-header-values
 *
 * The `cloudevents` JS SDK v10 hands header values through unchanged (`PassThroughParser` in
 * `dist/message/http/headers.js`), so the test receiver decodes first, as the Go SDK does.
 */

/** `fatal` rejects invalid UTF-8 (overlong forms, encoded surrogates); `ignoreBOM` keeps a leading U+FEFF. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/** RFC 7230 §3.2.6: a quoted-string loses its quotes, and `\x` (quoted-pair) stands for `x`. */
function unquote(value: string): string {
  if (value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value;
  return value.slice(1, -1).replace(/\\(.)/gs, '$1');
}

/**
 * Decodes one `ce-*` header value as Node delivers it (one char per received byte).
 * @throws TypeError on a `%` not followed by two hex digits, or bytes that are not UTF-8.
 */
export function decodeCeHeaderValue(raw: string): string {
  const text = unquote(raw);
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x25) {
      const hex = text.slice(i + 1, i + 3);
      if (!HEX_PAIR.test(hex)) throw new TypeError(`malformed percent-encoding at offset ${i}`);
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else {
      if (code > 0xff) throw new TypeError(`character above U+00FF at offset ${i}`);
      bytes.push(code);
    }
  }
  return strictUtf8.decode(Uint8Array.from(bytes));
}

/**
 * A copy of the headers with every `ce-*` value decoded; other headers as they came.
 * @throws TypeError naming the first header that does not decode.
 */
export function decodeCeHeaders<T extends Record<string, string | string[] | undefined>>(headers: T): T {
  const decoded: Record<string, string | string[] | undefined> = { ...headers };
  for (const [name, value] of Object.entries(headers)) {
    if (!name.toLowerCase().startsWith('ce-') || typeof value !== 'string') continue;
    try {
      decoded[name] = decodeCeHeaderValue(value);
    } catch (error) {
      throw new TypeError(`header ${name} is not a valid CloudEvents header value: ${(error as Error).message}`);
    }
  }
  return decoded as T;
}
