import { boundedMemo } from '../text/bounded-memo.js';
import { deterministicId } from './deterministic-id.js';
import { isOciDigest } from './purl.js';

/** A Git commit id: SHA-1 (40 hex) or SHA-256 (64 hex) object name. */
const GIT_COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** What a chain is derived from: the source revision, and the artifact purl naming it. */
export interface ChainSource {
  /** A revision of the source: a Git commit, an OCI digest, or anything else (then ignored). */
  revision?: string;
  /** The event's `artifactId` purl; its version is read when `revision` names no commit or digest. */
  artifactId?: string;
}

/** The decoded version of a purl (`pkg:type/ns/name@version?qualifiers#subpath`), if it has one. */
function purlVersion(purl: string): string | undefined {
  const end = purl.search(/[?#]/);
  const path = end < 0 ? purl : purl.slice(0, end);
  const at = path.lastIndexOf('@');
  if (at < 0) return undefined;
  const version = path.slice(at + 1);
  // Without a `%` there is nothing to decode (and `decodeURIComponent` cannot throw).
  if (!version.includes('%')) return version || undefined;
  try {
    return decodeURIComponent(version) || undefined;
  } catch {
    return undefined;
  }
}

/** `git:<commit>` or `oci:<digest>` for a revision that is one, lower-cased. */
function revisionKey(revision: string | undefined): string | undefined {
  const text = revision?.trim().toLowerCase();
  if (!text) return undefined;
  if (GIT_COMMIT.test(text)) return `git:${text}`;
  return isOciDigest(text) ? `oci:${text}` : undefined;
}

/**
 * The UUID of a chain key, memoised (see `boundedMemo`): every event Flux or Argo CD sends about one
 * revision (each reconciliation step, each Kustomization or Application applying it, every periodic
 * refresh) has the same key. Saves the ~1 µs of a `deterministicId` per event, a tenth of the Flux
 * parse + map + render row.
 */
const chainIdOfKey = boundedMemo((key: string) => deterministicId(key));

/**
 * The `context.chainId` of every event caused by one source revision, the same derivation on the
 * Flux and the Argo CD side: UUIDv5 (the bridge's namespace, `deterministicId`) of `git:<commit>`
 * when the revision is a Git commit, else `oci:<digest>` for an OCI digest (chart or image), else
 * `purl:<artifactId>` for a versioned artifact (e.g. a Helm chart version). The commit alone is the
 * key, not the repository URL, so tools that spell the URL differently (ssh, https, `.git`) still
 * join; a full commit id is unique across repositories in practice. So a deployment, its rollback
 * to the same revision, and the incidents about that revision share one chain.
 * @returns `undefined` when nothing names a revision (the event starts no chain).
 */
export function chainIdOf(source: ChainSource): string | undefined {
  const key = revisionKey(source.revision) ?? artifactKey(source.artifactId);
  return key ? chainIdOfKey(key) : undefined;
}

/** The chain key an artifact purl gives: its version as a commit or digest, else the versioned purl itself. */
function artifactKey(artifactId: string | undefined): string | undefined {
  const version = artifactId ? purlVersion(artifactId) : undefined;
  return revisionKey(version) ?? (version && artifactId ? `purl:${artifactId}` : undefined);
}
