/**
 * Percent-encoding of purl components. Total like the builders in `purl.ts`: lone UTF-16
 * surrogates and stray `%` are encoded, never thrown on.
 * @see https://github.com/package-url/purl-spec
 */
import { toWellFormed } from '../text/well-formed-text.js';
import { safeDecode } from '../text/safe-decode.js';

/** Text that every purl component keeps as it is (RFC 3986 unreserved characters). */
const UNRESERVED = /^[A-Za-z0-9._~-]*$/;
/** Qualifier values that need no encoding: unreserved characters, `/` and `:`. */
const QUALIFIER_KEPT = /^[A-Za-z0-9._~/:-]*$/;

/**
 * Percent-encodes one purl component (name, namespace segment, version). Most components (names,
 * commits, versions) need no encoding: one regex test then saves the encode and the replace.
 */
export function encodeComponent(value: string): string {
  if (UNRESERVED.test(value)) return value;
  return encodeURIComponent(toWellFormed(value)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Qualifier values keep `/` and `:` readable, as the spec's own examples do. packageurl-js decodes
 * a qualifier value a second time after the query is parsed and rejects the purl when that fails,
 * so a value that is not valid percent-encoded text (`%zz`, `%C0`) is taken literally: its `%` are
 * escaped as `%25`, which is also what RFC 3986 §2.1 asks of a `%` that starts no escape in a URL.
 */
export function encodeQualifierValue(value: string): string {
  // Unreserved characters plus `/` and `:` come out as they went in (the usual repository URL).
  if (QUALIFIER_KEPT.test(value)) return value;
  const text = toWellFormed(value);
  const literal = safeDecode(text) === undefined ? text.replaceAll('%', '%25') : text;
  return encodeComponent(literal).replace(/%2F/g, '/').replace(/%3A/g, ':');
}
