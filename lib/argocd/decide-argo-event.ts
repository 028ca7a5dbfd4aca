import { decideDeployed } from './decide-deployment.js';
import { decideHealthy, decideIncidentOpened } from './decide-incident.js';
import { decideCreated, decideDeleted } from './decide-lifecycle.js';
import { quietDecision, type ArgoDecision, type ArgoDecisionInput } from './decision-types.js';

function decideEvent(input: ArgoDecisionInput): ArgoDecision {
  switch (input.event) {
    case 'deployed':
      return decideDeployed(input);
    case 'sync-failed':
    case 'sync-status-unknown':
    case 'health-degraded':
      return decideIncidentOpened(input);
    case 'health-healthy':
      return decideHealthy(input);
    case 'created':
      return decideCreated(input);
    case 'deleted':
      return decideDeleted(input);
  }
}

/**
 * Decides what one Argo CD notification means, given the stored state (pure: no I/O).
 *
 * | event | CDEvents |
 * |---|---|
 * | deployed: first deployment / new revision(s) or sources / back to an earlier one | service.deployed / upgraded / rolledback |
 * | deployed: same revision(s) and sources (re-sync, self-heal, redelivery) | nothing |
 * | deleted | service.removed (+ environment.deleted when the last app leaves) |
 * | created, destination not seen before | environment.created |
 * | health-degraded, sync-failed, sync-status-unknown (no incident open) | incident.detected |
 * | health-healthy (or a Healthy deployment) with an open incident | incident.resolved |
 *
 * Events about an app that is being deleted (other than `deleted`) are ignored, so resources
 * going Missing or Degraded during pruning open no incident. Every other event records the app
 * as a member of its destination (moving it when the destination changed).
 */
export function decideArgoEvent(input: ArgoDecisionInput): ArgoDecision {
  const { event, identity, notification: { app }, record } = input;
  if (event === 'deleted' && record?.deletedAt) return quietDecision('ignored', 'the removal of this application was already handled');
  if (event === 'deleted') return decideDeleted(input);
  if (app.deletionTimestamp || record?.deletedAt) return quietDecision('ignored', 'the application is being deleted');
  const decision = decideEvent(input);
  const moved = record?.environmentId && record.environmentId !== identity.environmentId ? record.environmentId : undefined;
  const destinationChanges = [...decision.destinationChanges];
  if (!destinationChanges.some((c) => c.environmentId === identity.environmentId)) {
    destinationChanges.push({ environmentId: identity.environmentId, addMember: app.uid });
  }
  if (moved) destinationChanges.push({ environmentId: moved, removeMember: app.uid });
  return { ...decision, appChange: { ...decision.appChange, environmentId: identity.environmentId }, destinationChanges };
}
