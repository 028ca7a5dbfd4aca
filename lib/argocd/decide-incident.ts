import type { ArgoApplication, ArgoEventName } from './argo-types.js';
import { quietDecision, type ArgoDecision, type ArgoDecisionInput, type ArgoIntent } from './decision-types.js';
import { artifactIdOf, attemptedRevisionSet, deployedRevisionSet } from './deployment-facts.js';
import { deterministicId } from '../cdevents/deterministic-id.js';
import type { ArgoAppChange, ArgoAppRecord } from './state/state-store.js';

const MAX_DESCRIPTION = 1000;

function clip(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

function describeProblem(app: ArgoApplication, event: ArgoEventName): string {
  if (event === 'sync-failed') {
    return app.operationState?.message ?? `sync operation ended with phase ${app.operationState?.phase ?? 'unknown'}`;
  }
  if (event === 'sync-status-unknown') {
    const conditions = app.conditions.filter((c) => c.message);
    const latest = conditions.sort((a, b) => (a.lastTransitionTime ?? '').localeCompare(b.lastTransitionTime ?? '')).at(-1);
    return latest ? `${latest.type ?? 'condition'}: ${latest.message}` : 'sync status is Unknown';
  }
  return app.health.message ?? 'application health is Degraded';
}

/**
 * Decides `sync-failed`, `sync-status-unknown` and `health-degraded` (pure): opens an incident
 * (incident.detected) unless one is already open for the app. The incident subject id is
 * `<service id>/incident/<deterministic id of the opening notification>` and is stored, so
 * incident.resolved uses the same id. Stale notifications open nothing.
 */
export function decideIncidentOpened(input: ArgoDecisionInput): ArgoDecision {
  const { notification: { app }, event, identity, record, time } = input;
  if (record?.incident) return quietDecision('ignored', `an incident is already open (${record.incident.subjectId})`);
  if (input.stale) return quietDecision('stale', 'older than the replay window; no incident opened');
  const incident = {
    subjectId: `${identity.serviceId}/incident/${deterministicId(app.uid, event, time.occurrenceKey)}`,
    cause: event,
    openedAt: time.timestamp,
  };
  const revisionSet = event === 'sync-failed' ? attemptedRevisionSet(app) : deployedRevisionSet(app);
  return {
    outcome: 'emit',
    reason: `opens an incident (${event})`,
    intents: [{ kind: 'incident.detected', incident, description: clip(describeProblem(app, event)) }],
    revisionSet,
    artifactId: artifactIdOf(revisionSet),
    appChange: { openIncident: incident },
    destinationChanges: [],
  };
}

/** The incident.resolved intent and state change for an app record with an open incident. */
export function resolveIntent(
  record: ArgoAppRecord | undefined,
): { intent: Extract<ArgoIntent, { incident: unknown }>; appChange: ArgoAppChange } | undefined {
  const incident = record?.incident;
  if (!incident) return undefined;
  return {
    intent: { kind: 'incident.resolved', incident, description: `application is Healthy again after ${incident.cause}` },
    appChange: { closeIncident: incident.subjectId },
  };
}

/**
 * Decides `health-healthy` (pure): resolves the open incident, with its stored subject id, or does
 * nothing. A stale Healthy still resolves: the bridge itself opened that incident, and it would
 * otherwise stay open forever for consumers.
 */
export function decideHealthy(input: ArgoDecisionInput): ArgoDecision {
  const resolve = resolveIntent(input.record);
  if (!resolve) return quietDecision('ignored', 'no open incident for this application');
  const revisionSet = deployedRevisionSet(input.notification.app);
  return {
    outcome: 'emit',
    reason: `resolves the incident opened by ${resolve.intent.incident.cause}`,
    intents: [resolve.intent],
    revisionSet,
    artifactId: artifactIdOf(revisionSet),
    appChange: resolve.appChange,
    destinationChanges: [],
  };
}
