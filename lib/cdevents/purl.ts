/**
 * Package URL (purl) builders for CDEvents `artifactId`. Every function is total: any string
 * (lone UTF-16 surrogates, stray `%`, control characters) gives a canonical purl or `undefined`,
 * never an exception. "Canonical" is checked against packageurl-js in `test/unit/purl.test.ts`.
 * @see https://github.com/package-url/purl-spec
 */
import { trimTrailingSlashes } from '../text/trim-trailing-slashes.js';
import { parseGitLocation } from './git-location.js';
import { encodeComponent, encodeQualifierValue } from './purl-encoding.js';

/**
 * Purl types whose namespace and name are case-insensitive, so lower case is canonical: the purl
 * spec's `github` and `bitbucket` type definitions say so, and packageurl-js does it for `gitlab` too.
 * @see https://github.com/package-url/purl-spec/blob/master/PURL-TYPES.rst
 */
const CASE_INSENSITIVE_TYPES = new Set(['github', 'gitlab', 'bitbucket']);

/** The qualifiers the builders emit; keys are fixed here, so each is a valid purl qualifier key. */
export interface PurlQualifiers {
  /** Where the artifact lives: an OCI repository (`ghcr.io/org/app`) or a Helm or Git URL. */
  repository_url?: string;
  /** The OCI tag the digest was resolved from. */
  tag?: string;
}

/** The components of one purl, before encoding. */
interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: PurlQualifiers;
}

/**
 * Renders a purl from its parts in canonical form: qualifiers sorted, empty or blank ones dropped;
 * name, version and qualifier values trimmed (packageurl-js trims them when parsing); namespace and
 * name lower-cased for github, gitlab and bitbucket.
 * @returns `undefined` when the name is empty or blank (a purl requires one).
 */
function formatPurl(parts: PurlParts): string | undefined {
  const type = parts.type.toLowerCase();
  const foldCase = CASE_INSENSITIVE_TYPES.has(type);
  const name = foldCase ? parts.name.trim().toLowerCase() : parts.name.trim();
  if (!name) return undefined;
  const trimmedVersion = parts.version?.trim();
  const version = trimmedVersion ? `@${encodeComponent(trimmedVersion)}` : '';
  const qualifiers = parts.qualifiers ? formatQualifiers(parts.qualifiers) : '';
  return `pkg:${type}/${formatNamespace(parts.namespace, foldCase)}${encodeComponent(name)}${version}${qualifiers ? `?${qualifiers}` : ''}`;
}

/** `seg/seg/` with each non-empty segment encoded, or `''` without a namespace. */
function formatNamespace(namespace: string | undefined, foldCase: boolean): string {
  if (!namespace) return '';
  const segments = (foldCase ? namespace.toLowerCase() : namespace).split('/').filter(Boolean);
  return segments.length > 0 ? `${segments.map(encodeComponent).join('/')}/` : '';
}

/** `key=value&…`, sorted by key, without empty or blank values. */
function formatQualifiers(qualifiers: PurlQualifiers): string {
  const pairs: (readonly [string, string])[] = [];
  for (const key of Object.keys(qualifiers) as (keyof PurlQualifiers)[]) {
    const value = qualifiers[key]?.trim();
    if (value) pairs.push([key.toLowerCase(), value]);
  }
  if (pairs.length > 1) pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let text = '';
  for (const [key, value] of pairs) text += `${text ? '&' : ''}${key}=${encodeQualifierValue(value)}`;
  return text;
}

/** True for `sha256:<64 hex>` and the other OCI digest algorithms. */
export function isOciDigest(value: string): boolean {
  return /^sha(256|384|512):[a-f0-9]{32,128}$/.test(value);
}

/**
 * An OCI artifact purl: `pkg:oci/<name>@sha256%3A<hex>?repository_url=<registry/path>&tag=<tag>`.
 * `reference` is an image or artifact address such as `ghcr.io/org/app` or `oci://ghcr.io/org/charts/app`.
 * @returns `undefined` when the reference names no artifact (empty last path segment).
 */
export function ociPurl(reference: string, digest: string, tag?: string): string | undefined {
  const repository = trimTrailingSlashes(reference.replace(/^oci:\/\//, ''));
  const name = (repository.split('/').pop() ?? repository).toLowerCase();
  return formatPurl({
    type: 'oci',
    name,
    version: digest,
    qualifiers: { repository_url: repository.includes('/') ? repository : undefined, tag },
  });
}

const HOSTED_GIT_TYPES: Record<string, string> = {
  'github.com': 'github',
  'gitlab.com': 'gitlab',
  'bitbucket.org': 'bitbucket',
};

/**
 * A purl for a Git commit of a repository URL (`https://`, `ssh://`, `git@host:path` forms).
 * GitHub, GitLab and Bitbucket get their own purl types (lower-cased); other hosts use
 * `pkg:git/<host>/<path>`.
 * @returns `undefined` when the URL cannot be read.
 */
export function gitPurl(repoUrl: string, commit: string): string | undefined {
  const location = parseGitLocation(repoUrl);
  if (!location) return undefined;
  const segments = location.path.split('/').filter(Boolean);
  const name = segments.pop();
  if (!name) return undefined;
  const hosted = Object.hasOwn(HOSTED_GIT_TYPES, location.host) ? HOSTED_GIT_TYPES[location.host] : undefined;
  if (hosted) return formatPurl({ type: hosted, namespace: segments.join('/'), name, version: commit });
  return formatPurl({ type: 'git', namespace: [location.host, ...segments].join('/'), name, version: commit });
}

/** Name of a generic purl whose given name is empty or blank: a purl cannot do without one. */
const UNNAMED = 'unnamed';

/** A `pkg:generic/<name>@<version>` purl with optional qualifiers; a blank name becomes `unnamed`. */
export function genericPurl(name: string, version?: string, qualifiers?: PurlQualifiers): string {
  const purl = formatPurl({ type: 'generic', name: name.trim() || UNNAMED, version, qualifiers });
  return purl ?? `pkg:generic/${UNNAMED}`; // not reached: the name is never blank here
}
