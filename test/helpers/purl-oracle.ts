import { PackageURL } from 'packageurl-js';
import { expect } from 'vitest';

/** The six purl components, as plain data (qualifiers as a plain object). */
export interface PurlComponents {
  type: string;
  namespace: string | undefined;
  name: string;
  version: string | undefined;
  qualifiers: Record<string, string> | undefined;
  subpath: string | undefined;
}

function componentsOf(purl: PackageURL): PurlComponents {
  return {
    type: purl.type,
    namespace: purl.namespace ?? undefined,
    name: purl.name,
    version: purl.version ?? undefined,
    qualifiers: purl.qualifiers ? { ...purl.qualifiers } : undefined,
    subpath: purl.subpath ?? undefined,
  };
}

/** Cuts `text` at the first (or last) `separator`: `[before, after]`, `after` undefined when absent. */
function cut(text: string, separator: string, last = false): [string, string | undefined] {
  const at = last ? text.lastIndexOf(separator) : text.indexOf(separator);
  return at < 0 ? [text, undefined] : [text.slice(0, at), text.slice(at + separator.length)];
}

/**
 * The components exactly as written in a purl string: split on the purl separators and
 * percent-decoded, with none of packageurl-js's normalisation (no trimming, no lower-casing).
 */
export function writtenComponents(purl: string): PurlComponents {
  const [rest, subpath] = cut(purl.replace(/^pkg:/, ''), '#');
  const [path, query] = cut(rest, '?');
  const [typeAndNames, version] = cut(path, '@', true);
  const [type, names = ''] = cut(typeAndNames, '/');
  const [namespace, name] = names.includes('/') ? cut(names, '/', true) : [undefined, names];
  const qualifiers = query === undefined
    ? undefined
    : Object.fromEntries(query.split('&').map((pair) => cut(pair, '=')).map(([k, v]) => [k, decodeURIComponent(v ?? '')]));
  const decode = (value: string | undefined) => (value === undefined ? undefined : decodeURIComponent(value));
  return {
    type, namespace: decode(namespace), name: decodeURIComponent(name ?? ''), version: decode(version), qualifiers, subpath: decode(subpath),
  };
}

/**
 * Asserts, with packageurl-js as the oracle, that a purl the bridge emits:
 * 1. parses (`PackageURL.fromString`);
 * 2. survives a rebuild: `new PackageURL(...components).toString()` parses to the same components;
 * 3. is canonical: packageurl-js's normalisation (lower-casing github/gitlab/bitbucket names,
 *    trimming, dropping empty qualifiers) leaves the written components unchanged.
 */
export function expectCanonicalPurl(purl: string): void {
  let parsed: PackageURL;
  try {
    parsed = PackageURL.fromString(purl);
  } catch (error) {
    throw new Error(`packageurl-js rejects ${JSON.stringify(purl)}: ${(error as Error).message}`);
  }
  const components = componentsOf(parsed);
  const { type, namespace, name, version, qualifiers, subpath } = components;
  const rebuilt = PackageURL.fromString(new PackageURL(type, namespace, name, version, qualifiers, subpath).toString());
  expect(componentsOf(rebuilt), `rebuilt ${purl}`).toEqual(components);
  expect(writtenComponents(purl), `canonical ${purl}`).toEqual(components);
}
