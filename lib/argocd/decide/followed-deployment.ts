import { planDeployment } from './decide-deployment.js';
import type { ArgoDecisionInput } from './decision-types.js';
import { deployedRevisionSet } from './deployment-facts.js';
import { fingerprintOf } from './deployment-fingerprint.js';

/**
 * The id of the service event of the deployment the Application runs (its newest history entry),
 * for an incident's `follows` link; `undefined` when no event was or will be emitted for it.
 *
 * When the store has processed that deployment (same fingerprint, recorded at its time or later),
 * its stored event id. Otherwise, when the current operation wrote it (its `deployed` notification
 * of the same trigger pass may not have arrived yet), the id `decideDeployed` gives it, so the link
 * is the same in any delivery order; a re-sync falls back to the event that deployed the revision set.
 */
export function followedDeploymentId(input: ArgoDecisionInput): string | undefined {
  const { notification: { app }, record } = input;
  const set = deployedRevisionSet(app);
  if (!set) return undefined;
  const { fingerprint } = fingerprintOf(set);
  const stored = record?.deployments.find((d) => d.fingerprint === fingerprint);
  const deployedAt = app.history.at(-1)?.deployedAt;
  const processed = stored !== undefined && (deployedAt === undefined || stored.deployedAt >= deployedAt);
  if (!processed) {
    const planned = planDeployment(input);
    if (planned?.kind) return planned.deployment.eventId;
  }
  return stored?.eventId;
}
