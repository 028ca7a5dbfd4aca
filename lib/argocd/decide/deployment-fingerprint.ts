import type { ArgoApplication, ArgoRevisionSet } from '../parse/argo-types.js';
import { artifactSource, hasRevision, revisionsOf, withSpecSources } from './deployment-facts.js';
import { sha256Hex } from '../../text/canonical-json.js';
import { boundedMemo } from '../../text/bounded-memo.js';

/**
 * What identifies one deployed state of an app: its revision(s) and a hash of its source(s).
 * Safe to store: revisions are commit SHAs or chart versions, sources are only hashed.
 */
export interface DeploymentFingerprint {
  /** sha256 of the canonical JSON of `{ revisions, sourcesHash }`. */
  fingerprint: string;
  revisions: string[];
  /** sha256 of the canonical JSON of the sources (helm values included, never stored raw). */
  sourcesHash: string;
  /** The artifact source's Helm chart (`<repoURL>#<chart>`) and version, for semver rollback detection. */
  helmChart?: string;
  helmVersion?: string;
}

/**
 * sha256 of short, fixed-shape JSON (a list of source hashes; revisions and a sources hash),
 * memoised across notifications (see `boundedMemo`): Argo CD sends several notifications per sync
 * pass (one per trigger), each with the same sources and revisions, and an app's history entries
 * mostly repeat them. The texts are exact keys.
 */
const memoisedSha256 = boundedMemo(sha256Hex, 256, 4096);

/** The revisions and Helm chart of a fingerprint: what classifying reads besides the fingerprint. */
function describedParts(set: ArgoRevisionSet): Pick<DeploymentFingerprint, 'revisions' | 'helmChart' | 'helmVersion'> {
  const revisions = revisionsOf(set);
  const artifact = artifactSource(set);
  return artifact?.source.chart && artifact.revision
    ? { revisions, helmChart: `${artifact.source.repoURL}#${artifact.source.chart}`, helmVersion: artifact.revision }
    : { revisions };
}

/** sha256 of the canonical JSON of the sources' content hashes (hex strings: their `JSON.stringify` is canonical). */
function sourcesHashOf(set: ArgoRevisionSet): string {
  return memoisedSha256(JSON.stringify(set.sources.map((source) => source.contentHash)));
}

/** sha256 of the canonical JSON of `{ revisions, sourcesHash }` (keys in order, strings only), written directly. */
function fingerprintHash(revisions: readonly string[], sourcesHash: string): string {
  return memoisedSha256(`{"revisions":${JSON.stringify(revisions)},"sourcesHash":${JSON.stringify(sourcesHash)}}`);
}

/** The fingerprint of a revision set (equal source lists and (revisions, sources) pairs hashed once, see `memoisedSha256`). */
export function fingerprintOf(set: ArgoRevisionSet): DeploymentFingerprint {
  const { revisions, helmChart, helmVersion } = describedParts(set);
  const sourcesHash = sourcesHashOf(set);
  const fingerprint = fingerprintHash(revisions, sourcesHash);
  // Written out, no rest or spread: the Helm members are both set or both absent (`describedParts`).
  return helmChart === undefined ? { fingerprint, revisions, sourcesHash } : { fingerprint, revisions, sourcesHash, helmChart, helmVersion };
}

/**
 * The fingerprint of a history entry, its sources and itself hashed on first read: classifying a
 * deployment reads the previous one's fingerprint and, only when no chart version decides, the
 * older ones' (a first deployment of an app with 100 history entries hashed 99 it never read,
 * ~4 µs each with their sources, measured).
 */
class HistoryFingerprint implements DeploymentFingerprint {
  readonly revisions: string[];
  readonly helmChart?: string;
  readonly helmVersion?: string;
  #set: ArgoRevisionSet;
  #sourcesHash: string | undefined;
  #fingerprint: string | undefined;

  constructor(set: ArgoRevisionSet) {
    const { revisions, helmChart, helmVersion } = describedParts(set);
    this.revisions = revisions;
    this.helmChart = helmChart;
    this.helmVersion = helmVersion;
    this.#set = set;
  }

  get sourcesHash(): string {
    this.#sourcesHash ??= sourcesHashOf(this.#set);
    return this.#sourcesHash;
  }

  get fingerprint(): string {
    this.#fingerprint ??= fingerprintHash(this.revisions, this.sourcesHash);
    return this.#fingerprint;
  }
}

/** Fingerprints of the history entries before the newest one, oldest first (each distinct one hashed once, when read). */
export function priorHistoryFingerprints(app: ArgoApplication): DeploymentFingerprint[] {
  const fingerprints: DeploymentFingerprint[] = [];
  const prior = app.history.length - 1;
  for (const [index, entry] of app.history.entries()) {
    if (index < prior && hasRevision(entry)) fingerprints.push(new HistoryFingerprint(withSpecSources(entry, app)));
  }
  return fingerprints;
}
