import type { ArgoEventName, ArgoNotification } from './parse/argo-types.js';
import type { ArgoIdentity } from './decide/argo-identity.js';
import { argoCustomData } from './custom-data.js';
import type { ArgoDecision, ArgoIntent } from './decide/decision-types.js';
import type { ArgoEventTime } from './decide/event-time.js';
import { environmentEventId, incidentEventId, serviceEventId } from './decide/event-ids.js';
import { chainIdOf } from '../cdevents/chain-id.js';
import { boundedMemo } from '../text/bounded-memo.js';
import { LINK_KINDS, relationLink } from '../cdevents/link-kinds.js';
import type { CDEventDraft, CDEventLink } from '../cdevents/types.js';

/** Inputs of {@link buildArgoDrafts}. */
export interface ArgoDraftInput {
  notification: ArgoNotification;
  event: ArgoEventName;
  identity: ArgoIdentity;
  time: ArgoEventTime;
  decision: ArgoDecision;
}

/** Subject id, content, deterministic id, chain and links of one intent. */
interface IntentParts {
  subjectId: string;
  content: Record<string, unknown>;
  id: string;
  timestamp?: string;
  chainId?: string;
  links?: CDEventLink[];
}

/**
 * `chainIdOf` an artifact purl, memoised (see `boundedMemo`): every notification of a sync pass,
 * and every incident about the same deployment, names the same artifact. `chainIdOf` memoises the
 * UUID of each key itself; this saves the purl parse and the revision checks before it.
 */
const chainIdOfPurl = boundedMemo((artifactId: string) => chainIdOf({ artifactId }) ?? '');

function chainIdOfArtifact(artifactId: string | undefined): string | undefined {
  return artifactId === undefined ? chainIdOf({ artifactId }) : chainIdOfPurl(artifactId) || undefined;
}

/** The links of an intent: a rollback to the incidents it remediates, incidents to what they resolve or follow. */
function linksOf(intent: ArgoIntent): CDEventLink[] {
  if (intent.kind === 'service.rolledback') {
    return (intent.remediates ?? []).map((subjectId) => relationLink(LINK_KINDS.remediates, incidentEventId(subjectId, 'incident.detected')));
  }
  if (intent.kind === 'incident.resolved') return [relationLink(LINK_KINDS.resolves, incidentEventId(intent.incident.subjectId, 'incident.detected'))];
  if (intent.kind === 'incident.detected' && intent.follows) return [relationLink(LINK_KINDS.follows, intent.follows)];
  return [];
}

function subjectOf(intent: ArgoIntent, input: ArgoDraftInput): IntentParts {
  const { identity, notification: { app }, time, decision } = input;
  const environment = { id: identity.environmentId };
  switch (intent.kind) {
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback':
      return {
        subjectId: identity.serviceId,
        content: { environment, artifactId: decision.artifactId },
        id: intent.id ?? serviceEventId(app.uid, intent.kind, time.occurrenceKey),
        chainId: chainIdOfArtifact(decision.artifactId),
      };
    case 'service.removed':
      return {
        subjectId: identity.serviceId,
        content: { environment },
        id: serviceEventId(app.uid, intent.kind, time.occurrenceKey),
        chainId: chainIdOfArtifact(decision.artifactId),
      };
    case 'environment.created':
    case 'environment.deleted':
      return {
        subjectId: identity.environmentId,
        content: { name: identity.environmentName },
        id: environmentEventId(identity.environmentId, intent.kind, app.uid),
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
        id: incidentEventId(intent.incident.subjectId, intent.kind),
        timestamp: intent.timestamp,
        chainId: chainIdOfArtifact(intent.artifactId),
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
 * `chainId` derives from that artifact's revision (`chainIdOf`); links: see `LINK_KINDS`.
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
    const { subjectId, content, id, timestamp, chainId } = subjectOf(intent, input);
    const links = linksOf(intent);
    return {
      kind: intent.kind,
      id,
      source: identity.source,
      timestamp: timestamp ?? time.timestamp,
      subjectId,
      content,
      customData,
      ...(chainId ? { chainId } : {}),
      ...(links.length > 0 ? { links } : {}),
    };
  });
}
