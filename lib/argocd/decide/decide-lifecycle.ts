import type { ArgoDecision, ArgoDecisionInput, ArgoIntent } from './decision-types.js';
import { artifactIdOf, deployedRevisionSet } from './deployment-facts.js';
import { AGE_BOUND } from './event-age.js';
import type { ArgoDestinationChange } from '../state/state-store.js';

/**
 * Decides `created` (pure): environment.created when the destination is new to the bridge (never
 * announced and no other app recorded in it), otherwise nothing. The app is recorded as a member
 * either way; a `created` beyond the optional age bound marks the destination as known without
 * emitting.
 */
export function decideCreated(input: ArgoDecisionInput): ArgoDecision {
  const { destination, identity, notification: { app } } = input;
  const others = (destination?.members ?? []).filter((uid) => uid !== app.uid);
  const known = (destination?.announced ?? false) || others.length > 0;
  const change: ArgoDestinationChange = { environmentId: identity.environmentId, addMember: app.uid };
  const base = { appChange: {}, destinationChanges: [known ? change : { ...change, announced: true }] };
  if (known) return { ...base, outcome: 'ignored', reason: 'the destination is already known', intents: [] };
  if (input.stale) return { ...base, outcome: 'stale', reason: `older than ${AGE_BOUND}; destination recorded, nothing emitted`, intents: [] };
  return { ...base, outcome: 'emit', reason: 'first application seen in this destination', intents: [{ kind: 'environment.created' }] };
}

/**
 * Decides `deleted` (pure): service.removed, plus environment.deleted when this was the last
 * app the bridge knows in the destination (the destination is then forgotten, so a later app
 * there announces it again). A destination the bridge never recorded is not reported deleted.
 * A deletion beyond the optional age bound updates the state without emitting.
 */
export function decideDeleted(input: ArgoDecisionInput): ArgoDecision {
  const { destination, identity, notification: { app }, record, time } = input;
  const last = !!destination && destination.members.every((uid) => uid === app.uid);
  const changes: ArgoDestinationChange[] = [
    { environmentId: identity.environmentId, removeMember: app.uid, ...(last ? { announced: false } : {}) },
  ];
  if (record?.environmentId && record.environmentId !== identity.environmentId) {
    changes.push({ environmentId: record.environmentId, removeMember: app.uid });
  }
  const revisionSet = deployedRevisionSet(app);
  const artifactId = artifactIdOf(revisionSet);
  const base = { revisionSet, artifactId, appChange: { deletedAt: time.timestamp }, destinationChanges: changes };
  if (input.stale) {
    return { ...base, outcome: 'stale', reason: `deletion older than ${AGE_BOUND}; state updated, nothing emitted`, intents: [] };
  }
  const intents: ArgoIntent[] = [{ kind: 'service.removed' }];
  if (last) intents.push({ kind: 'environment.deleted' });
  return {
    ...base,
    outcome: 'emit',
    reason: last ? 'application removed; it was the last one in its destination' : 'application removed',
    intents,
  };
}
