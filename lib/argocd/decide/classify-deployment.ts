import { compareSemver } from './compare-semver.js';
import type { DeploymentFingerprint } from './deployment-facts.js';

/** How a real deployment relates to what the app ran before. `none` = nothing new (re-sync, self-heal). */
export type DeploymentChange = 'deployed' | 'upgraded' | 'rolledback' | 'none';

/** The classification and a short, loggable reason. */
export interface DeploymentClassification {
  change: DeploymentChange;
  reason: string;
}

/** Deployments known before the current one. */
export interface KnownDeployments {
  /** What the app ran right before (the bridge's last record, else the previous history entry). */
  previous?: DeploymentFingerprint;
  /** Every other deployment known (bridge records and history entries), any order. */
  older: DeploymentFingerprint[];
}

const revisionsKey = (f: DeploymentFingerprint): string => JSON.stringify(f.revisions);

/**
 * Combines the bridge's stored deployments (authoritative, unbounded by Argo CD's history limit)
 * with the Application's own history entries before the current one.
 */
export function knownDeployments(stored: readonly DeploymentFingerprint[], priorHistory: readonly DeploymentFingerprint[]): KnownDeployments {
  const previous = stored.at(-1) ?? priorHistory.at(-1);
  const older = [...stored.slice(0, -1), ...(stored.length > 0 ? priorHistory : priorHistory.slice(0, -1))];
  return { previous, older };
}

/**
 * Classifies a real deployment (pure):
 *
 * - nothing known before → `deployed` (first deployment);
 * - same revision(s) and sources hash as `previous` → `none`;
 * - same Helm chart with a lower (higher) semver than `previous` → `rolledback` (`upgraded`);
 * - the exact revision(s)+sources deployed before, or changed revision(s) seen in an older
 *   deployment → `rolledback`;
 * - otherwise (new revision(s) or changed sources) → `upgraded`.
 */
export function classifyDeployment(current: DeploymentFingerprint, known: KnownDeployments): DeploymentClassification {
  const { previous, older } = known;
  if (!previous) return { change: 'deployed', reason: 'first deployment known for this application' };
  if (current.fingerprint === previous.fingerprint) {
    return { change: 'none', reason: 'same revision(s) and sources as the previous deployment (re-sync or self-heal)' };
  }
  if (current.helmChart && current.helmChart === previous.helmChart && current.helmVersion && previous.helmVersion) {
    const order = compareSemver(current.helmVersion, previous.helmVersion);
    if (order === -1) return { change: 'rolledback', reason: `chart version ${current.helmVersion} is lower than ${previous.helmVersion}` };
    if (order === 1) return { change: 'upgraded', reason: `chart version ${current.helmVersion} is higher than ${previous.helmVersion}` };
  }
  if (older.some((f) => f.fingerprint === current.fingerprint)) {
    return { change: 'rolledback', reason: 'revision(s) and sources were deployed before' };
  }
  const revisionsChanged = revisionsKey(current) !== revisionsKey(previous);
  if (revisionsChanged && older.some((f) => revisionsKey(f) === revisionsKey(current))) {
    return { change: 'rolledback', reason: 'revision(s) were deployed before' };
  }
  return revisionsChanged
    ? { change: 'upgraded', reason: 'new revision(s)' }
    : { change: 'upgraded', reason: 'same revision(s), changed sources' };
}
