/**
 * Package URL (purl) builders for CDEvents `artifactId`.
 * @see https://github.com/package-url/purl-spec
 */

/** Percent-encodes one purl component (name, namespace segment, version). */
function encodeComponent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Qualifier values keep `/` and `:` readable, as the spec's own examples do. */
function encodeQualifierValue(value: string): string {
  return encodeComponent(value).replace(/%2F/g, '/').replace(/%3A/g, ':');
}

/** Options shared by every purl builder. */
export interface PurlParts {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers?: Record<string, string | undefined>;
}

/** Renders a purl from its parts; qualifiers are sorted and empty ones dropped. */
export function formatPurl(parts: PurlParts): string {
  const namespace = parts.namespace
    ? `${parts.namespace.split('/').filter(Boolean).map(encodeComponent).join('/')}/`
    : '';
  const version = parts.version ? `@${encodeComponent(parts.version)}` : '';
  const qualifiers = Object.entries(parts.qualifiers ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '')
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key.toLowerCase()}=${encodeQualifierValue(value)}`)
    .join('&');
  return `pkg:${parts.type.toLowerCase()}/${namespace}${encodeComponent(parts.name)}${version}${qualifiers ? `?${qualifiers}` : ''}`;
}

/** True for `sha256:<64 hex>` and the other OCI digest algorithms. */
export function isOciDigest(value: string): boolean {
  return /^sha(256|384|512):[a-f0-9]{32,128}$/.test(value);
}

/**
 * An OCI artifact purl: `pkg:oci/<name>@sha256%3A<hex>?repository_url=<registry/path>&tag=<tag>`.
 * `reference` is an image or artifact address such as `ghcr.io/org/app` or `oci://ghcr.io/org/charts/app`.
 */
export function ociPurl(reference: string, digest: string, tag?: string): string {
  const repository = reference.replace(/^oci:\/\//, '').replace(/\/+$/, '');
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
 * GitHub, GitLab and Bitbucket get their own purl types; other hosts use `pkg:git/<host>/<path>`.
 * @returns `undefined` when the URL cannot be read.
 */
export function gitPurl(repoUrl: string, commit: string): string | undefined {
  const location = parseGitLocation(repoUrl);
  if (!location) return undefined;
  const segments = location.path.split('/').filter(Boolean);
  const name = segments.pop();
  if (!name) return undefined;
  const hosted = HOSTED_GIT_TYPES[location.host];
  if (hosted) return formatPurl({ type: hosted, namespace: segments.join('/'), name, version: commit });
  return formatPurl({ type: 'git', namespace: [location.host, ...segments].join('/'), name, version: commit });
}

function parseGitLocation(repoUrl: string): { host: string; path: string } | undefined {
  const trimmed = repoUrl.trim().replace(/\.git\/?$/, '').replace(/\/+$/, '');
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(trimmed);
  if (scp) return { host: scp[1]!.toLowerCase(), path: scp[2]! };
  try {
    const url = new URL(trimmed);
    if (!url.hostname) return undefined;
    return { host: url.hostname.toLowerCase(), path: decodeURIComponent(url.pathname) };
  } catch {
    return undefined;
  }
}

/** A `pkg:generic/<name>@<version>` purl with optional qualifiers. */
export function genericPurl(name: string, version?: string, qualifiers?: Record<string, string | undefined>): string {
  return formatPurl({ type: 'generic', name, version, qualifiers });
}
