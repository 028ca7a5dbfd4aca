import { classifyDeployment, knownDeployments } from './classify-deployment.js';
import { quietDecision, type ArgoDecision, type ArgoDecisionInput, type ArgoIntent } from './decision-types.js';
import {
  artifactIdOf, deployedRevisionSet, fingerprintOf, isRealDeployment, priorHistoryFingerprints,
} from './deployment-facts.js';

/**
 * Decides a `deployed` notification (pure). Only a real deployment counts (the operation wrote the
 * newest history entry); its revision set is recorded and classified against the stored
 * deployments and the app's history: service.deployed / upgraded / rolledback, or nothing for a
 * re-sync. Stale replays only record. (Incidents the deployment resolves are decided with every
 * other notification's, by `decideIncidents`.)
 */
export function decideDeployed(input: ArgoDecisionInput): ArgoDecision {
  const { notification: { app }, record, time } = input;
  if (!isRealDeployment(app)) {
    return quietDecision('ignored', 'the operation wrote no new history entry (dry run, selective sync, or not a completed sync)');
  }
  const revisionSet = deployedRevisionSet(app);
  if (!revisionSet) return quietDecision('ignored', 'the deployed revision is unknown');
  const current = fingerprintOf(revisionSet);
  const deployment = { ...current, deployedAt: app.history.at(-1)?.deployedAt ?? time.timestamp };
  const stored = record?.deployments ?? [];
  const artifactId = artifactIdOf(revisionSet);
  const base = { revisionSet, artifactId, appChange: { recordDeployment: deployment }, destinationChanges: [] };
  const latest = stored.at(-1);
  if (latest && latest.deployedAt > deployment.deployedAt && latest.fingerprint !== current.fingerprint) {
    const reason = 'older than the last recorded deployment (out-of-order delivery); recorded only';
    return { ...base, outcome: 'ignored', reason, intents: [] };
  }
  const classification = classifyDeployment(current, knownDeployments(stored, priorHistoryFingerprints(app)));
  if (input.stale) {
    const reason = `older than the replay window; deployment recorded (${classification.change}), nothing emitted`;
    return { ...base, classification, outcome: 'stale', reason, intents: [] };
  }
  const intents: ArgoIntent[] = [];
  const reasons = [classification.reason];
  if (classification.change !== 'none') {
    if (artifactId) intents.push({ kind: `service.${classification.change}` });
    else reasons.push('no artifact id could be derived from the deployed source, service event skipped');
  }
  return {
    ...base,
    classification,
    outcome: intents.length > 0 ? 'emit' : 'ignored',
    reason: reasons.join('; '),
    intents,
  };
}
