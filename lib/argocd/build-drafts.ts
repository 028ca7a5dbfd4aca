import type { ArgoEventName, ArgoNotification } from './parse/argo-types.js';
import type { ArgoIdentity } from './decide/argo-identity.js';
import { argoCustomData } from './custom-data.js';
import type { ArgoDecision, ArgoIntent } from './decide/decision-types.js';
import type { ArgoEventTime } from './decide/event-time.js';
import { deterministicId } from '../cdevents/deterministic-id.js';
import type { CDEventDraft } from '../cdevents/types.js';

/** Inputs of {@link buildArgoDrafts}. */
export interface ArgoDraftInput {
  notification: ArgoNotification;
  event: ArgoEventName;
  identity: ArgoIdentity;
  time: ArgoEventTime;
  decision: ArgoDecision;
}

/** Subject id, content and deterministic id parts of one intent. */
function subjectOf(
  intent: ArgoIntent,
  input: ArgoDraftInput,
): { subjectId: string; content: Record<string, unknown>; idParts: string[]; timestamp?: string } {
  const { identity, notification: { app }, time, decision } = input;
  const environment = { id: identity.environmentId };
  switch (intent.kind) {
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback':
      return {
        subjectId: identity.serviceId,
        content: { environment, artifactId: decision.artifactId },
        idParts: [app.uid, intent.kind, time.occurrenceKey],
      };
    case 'service.removed':
      return { subjectId: identity.serviceId, content: { environment }, idParts: [app.uid, intent.kind, time.occurrenceKey] };
    case 'environment.created':
    case 'environment.deleted':
      return {
        subjectId: identity.environmentId,
        content: { name: identity.environmentName },
        idParts: [identity.environmentId, intent.kind, app.uid],
      };
    case 'incident.detected':
    case 'incident.resolved':
      return {
        subjectId: intent.incident.subjectId,
        content: {
          environment,
          service: { id: identity.serviceId },
          ...(intent.artifactId ? { artifactId: intent.artifactId } : {}),
          ...(intent.description ? { description: intent.description } : {}),
        },
        idParts: [intent.incident.subjectId, intent.kind],
        timestamp: intent.timestamp,
      };
  }
}

/**
 * Builds the version-neutral CDEvent drafts of a decision (pure). Ids are deterministic:
 * service events from (uid, kind, occurrence key), environment events from (environment id, kind,
 * uid), incident events from (incident subject id, kind) — a redelivered or retried notification
 * yields identical events. `timestamp` is the app's own event time (for incidents, when the problem
 * was seen, or when it was seen gone); `source` the Argo CD instance. Service events carry the
 * deployed artifact; incident events the artifact the incident is about, whenever it is known.
 */
export function buildArgoDrafts(input: ArgoDraftInput): CDEventDraft[] {
  const { decision, identity, time } = input;
  if (decision.intents.length === 0) return [];
  const customData = argoCustomData({
    notification: input.notification,
    event: input.event,
    identity,
    revisionSet: decision.revisionSet,
    classification: decision.classification,
  });
  return decision.intents.map((intent) => {
    const { subjectId, content, idParts, timestamp } = subjectOf(intent, input);
    return {
      kind: intent.kind,
      id: deterministicId(...idParts),
      source: identity.source,
      timestamp: timestamp ?? time.timestamp,
      subjectId,
      content,
      customData,
    };
  });
}
