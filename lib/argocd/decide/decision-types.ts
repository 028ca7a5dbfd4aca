import type { ArgoEventName, ArgoNotification, ArgoRevisionSet } from '../parse/argo-types.js';
import type { ArgoIdentity } from './argo-identity.js';
import type { DeploymentClassification } from './classify-deployment.js';
import type { ArgoEventTime } from './event-time.js';
import type {
  ArgoAppChange, ArgoAppRecord, ArgoDestinationChange, ArgoDestinationRecord, OpenIncident,
} from '../state/state-store.js';

/**
 * An incident event: the incident, a description, the artifact it is about, and its own time
 * (when the problem was seen for detected, when it was seen gone for resolved).
 */
export interface IncidentIntent {
  kind: 'incident.detected' | 'incident.resolved';
  incident: OpenIncident;
  description: string;
  artifactId?: string;
  timestamp: string;
  /** incident.detected: the id of the service event of the deployment running when the problem was seen. */
  follows?: string;
}

/** One CDEvent the decision calls for; `buildArgoDrafts` turns it into a draft. */
export type ArgoIntent =
  /** `id`: the event's id when the decision already derived it (a deployment records it). */
  | { kind: 'service.deployed' | 'service.upgraded' | 'service.removed'; id?: string }
  /** `remediates`: subject ids of the incidents open when the rollback started. */
  | { kind: 'service.rolledback'; id?: string; remediates?: string[] }
  | { kind: 'environment.created' | 'environment.deleted' }
  | IncidentIntent;

/** Everything a decision may look at: the notification, derived ids and times, and stored state. */
export interface ArgoDecisionInput {
  notification: ArgoNotification;
  event: ArgoEventName;
  identity: ArgoIdentity;
  time: ArgoEventTime;
  /** The stored app record, if any. */
  record?: ArgoAppRecord;
  /** The stored destination record (read for `created` and `deleted` only). */
  destination?: ArgoDestinationRecord;
  /** True when the event time is beyond the optional age bound (see `isBeyondAgeBound`). */
  stale: boolean;
  /** Problems the Application shows from before this time open no incident (the age bound); `undefined` = no bound. */
  staleBefore?: string;
}

/** What to emit and which state to write for one notification (pure result). */
export interface ArgoDecision {
  outcome: 'emit' | 'ignored' | 'stale';
  reason: string;
  intents: ArgoIntent[];
  /** The revision set the events describe (artifact, revisions and sources in customData). */
  revisionSet?: ArgoRevisionSet;
  /** The artifact purl of `revisionSet`, when known. */
  artifactId?: string;
  classification?: DeploymentClassification;
  appChange: ArgoAppChange;
  destinationChanges: ArgoDestinationChange[];
}

/** A decision that emits nothing and changes no state. */
export function quietDecision(outcome: 'ignored' | 'stale', reason: string): ArgoDecision {
  return { outcome, reason, intents: [], appChange: {}, destinationChanges: [] };
}
