/** What a Flux revision string says, split into its parts. */
export interface FluxRevision {
  /** The revision exactly as sent. */
  raw: string;
  /** Named pointer: a branch (`main`), tag (`v1.2.3`, `latest`) or ref. */
  pointer?: string;
  /** A Git commit: 40-hex SHA-1 only, as in fluxcd/pkg `git.Hash`. */
  commit?: string;
  /** A content digest such as `sha256:<64 hex>` (OCI artifacts, buckets, Helm indexes). */
  digest?: string;
  /** A Helm chart version such as `6.6.1` or `6.6.1+0cc9a8446c95`. */
  chartVersion?: string;
}

/** RFC-0005: `[<pointer>@]<algo>:<hex>`. */
const RFC0005 = /^(?:(.+)@)?(sha1|sha256|sha384|sha512|blake3):([a-fA-F0-9]+)$/;
/** Before RFC-0005 (Flux < v0.40): `<branch-or-tag>/<40 hex>`. */
const LEGACY = /^(.+)\/([a-fA-F0-9]{40})$/;
const SHA1 = /^[a-fA-F0-9]{40}$/;
const SEMVER = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Parses a Flux revision: RFC-0005 `main@sha1:<hex>`, `latest@sha256:<hex>`, `sha256:<hex>`,
 * the legacy `main/<sha>` and `v1.8.0/<sha>` forms, a bare commit, or a chart version.
 * Unknown formats yield only `raw`.
 * @see https://github.com/fluxcd/flux2/tree/main/rfcs/0005-artifact-revision-and-digest
 */
export function parseRevision(raw: string): FluxRevision {
  const text = raw.trim();
  const rfc = RFC0005.exec(text);
  if (rfc) {
    const [, pointer, algorithm, hex] = rfc as unknown as [string, string | undefined, string, string];
    const revision: FluxRevision = { raw, ...(pointer ? { pointer } : {}) };
    if (algorithm === 'sha1') return SHA1.test(hex) ? { ...revision, commit: hex.toLowerCase() } : revision;
    return { ...revision, digest: `${algorithm}:${hex.toLowerCase()}` };
  }
  const [, pointer, commit] = LEGACY.exec(text) ?? [];
  if (pointer && commit) return { raw, pointer, commit: commit.toLowerCase() };
  if (SHA1.test(text)) return { raw, commit: text.toLowerCase() };
  if (SEMVER.test(text)) return { raw, chartVersion: text };
  return { raw };
}

/**
 * The revision an event is about, with fluxcd/pkg `Event.GetRevision()` precedence:
 * `commit` → `originRevision` → `revision`. Empty values count as absent.
 */
export function getRevision(metadata: Readonly<Record<string, string>>): string | undefined {
  return [metadata.commit, metadata.originRevision, metadata.revision].find((value) => value !== undefined && value.trim() !== '');
}
