import { decideDeployed } from './decide-deployment.js';
import { decideIncidents } from './decide-incident.js';
import { decideCreated, decideDeleted } from './decide-lifecycle.js';
import { quietDecision, type ArgoDecision, type ArgoDecisionInput, type ArgoIntent } from './decision-types.js';
import { remediatedIncidents } from './remediated-incidents.js';
import { incidentRevisionSet } from './deployment-facts.js';
import { AGE_BOUND } from './event-age.js';

/** The service and environment part of a decision, which depends on the notification's event. */
function decideEvent(input: ArgoDecisionInput): ArgoDecision {
  switch (input.event) {
    case 'deployed':
      return decideDeployed(input);
    case 'created':
      return decideCreated(input);
    case 'deleted':
      return decideDeleted(input);
    case 'sync-failed':
    case 'sync-status-unknown':
    case 'health-degraded':
    case 'health-healthy':
      return quietDecision(input.stale ? 'stale' : 'ignored', input.stale ? `older than ${AGE_BOUND}` : '');
  }
}

/**
 * Adds the incidents the notification's Application shows to the event's decision, and records the
 * app in its destination (`environmentId`). The decision is a fresh object of `decideEvent`, so it
 * is completed in place: `{ ...decision, newMember }` costs V8 (Node 20) 1–6 µs per object, and
 * this ran three of them per notification (issue 9, measured).
 */
function withIncidents(decision: ArgoDecision, input: ArgoDecisionInput): ArgoDecision {
  const incidents = decideIncidents(input);
  const startedAt = input.notification.app.operationState?.startedAt;
  const intents: ArgoIntent[] = [];
  for (const intent of decision.intents) {
    if (intent.kind !== 'service.rolledback' || !startedAt) {
      intents.push(intent);
      continue;
    }
    const remediates = remediatedIncidents(input.record, incidents.intents, startedAt);
    intents.push(remediates.length > 0 ? { kind: intent.kind, id: intent.id, remediates } : intent);
  }
  for (const intent of incidents.intents) intents.push(intent);
  const first = incidents.intents[0];
  const revisionSet = decision.revisionSet ?? (first && incidentRevisionSet(input.notification.app, first.incident.cause === 'sync'));
  let reason = decision.reason;
  for (const part of incidents.reasons) if (part) reason = reason ? `${reason}; ${part}` : part;
  if (revisionSet) decision.revisionSet = revisionSet;
  if (intents.length > 0) decision.outcome = 'emit';
  decision.reason = reason || 'no incident to open or resolve';
  decision.intents = intents;
  if (incidents.changes.length > 0) decision.appChange.causes = incidents.changes;
  decision.appChange.environmentId = input.identity.environmentId;
  return decision;
}

/**
 * Decides what one Argo CD notification means, given the stored state (pure: no I/O).
 *
 * The event decides the service and environment events:
 *
 * | event | CDEvents |
 * |---|---|
 * | deployed: first deployment / new revision(s) or sources / back to an earlier one | service.deployed / upgraded / rolledback |
 * | deployed: same revision(s) and sources (re-sync, self-heal, redelivery) | nothing |
 * | deleted | service.removed (+ environment.deleted when the last app leaves) |
 * | created, destination not seen before | environment.created |
 *
 * Incidents come from the Application every notification carries (not from the event name), one
 * incident per cause; see `observeIncidentCauses` for what counts as a problem and as clear:
 *
 * | cause | incident.detected when the app shows | incident.resolved when the app shows |
 * |---|---|---|
 * | sync | a sync operation Failed or Error | a later real deployment (a successful full sync, also of the same revision) |
 * | health | health Degraded, or Missing after a deployment | health Healthy, with a later transition time |
 * | sync-unknown | sync status Unknown | sync status Synced or OutOfSync, reconciled later |
 *
 * incident.detected is not repeated while the cause's incident is open; a problem that arrives
 * after the cause was seen clear again is reported as detected and resolved at once; problems
 * beyond the optional age bound open nothing, clear states beyond it still resolve.
 * Argo CD evaluates its triggers in random order against the same Application, so every
 * notification of one pass decides the same incidents, whichever arrives first.
 *
 * Notifications about an app that is being deleted (other than `deleted`) are ignored, so
 * resources going Missing or Degraded during pruning open no incident. Every other notification
 * records the app as a member of its destination (moving it when the destination changed).
 */
export function decideArgoEvent(input: ArgoDecisionInput): ArgoDecision {
  const { event, identity, notification: { app }, record } = input;
  if (event === 'deleted' && record?.deletedAt) return quietDecision('ignored', 'the removal of this application was already handled');
  if (event === 'deleted') return decideDeleted(input);
  if (app.deletionTimestamp || record?.deletedAt) return quietDecision('ignored', 'the application is being deleted');
  const decision = withIncidents(decideEvent(input), input);
  const moved = record?.environmentId && record.environmentId !== identity.environmentId ? record.environmentId : undefined;
  const destinationChanges = [...decision.destinationChanges];
  if (!destinationChanges.some((c) => c.environmentId === identity.environmentId)) {
    destinationChanges.push({ environmentId: identity.environmentId, addMember: app.uid });
  }
  if (moved) destinationChanges.push({ environmentId: moved, removeMember: app.uid });
  decision.destinationChanges = destinationChanges;
  return decision;
}
