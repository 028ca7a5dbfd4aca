import type { ArgoApplication } from '../parse/argo-types.js';
import { observeIncidentCauses, type CauseObservation } from './decide-incident-causes.js';
import type { ArgoDecisionInput, IncidentIntent } from './decision-types.js';
import { AGE_BOUND } from './event-age.js';
import { followedDeploymentId } from './followed-deployment.js';
import { artifactIdOf, incidentRevisionSet } from './deployment-facts.js';
import type { CauseChange, CauseRecord, IncidentCause, OpenIncident } from '../state/state-store.js';

/** The incident events of one notification, the cause changes to store, and loggable reasons. */
export interface IncidentDecision {
  intents: IncidentIntent[];
  changes: CauseChange[];
  reasons: string[];
}

interface CauseOutcome {
  intents: IncidentIntent[];
  change?: CauseChange;
  reason?: string;
}

const RESOLUTION: Record<IncidentCause, string> = {
  sync: 'a sync of the application succeeded',
  health: 'application health is Healthy again',
  'sync-unknown': 'application sync status is known again',
};

const time = (iso: string): number => Date.parse(iso);

function resolved(incident: OpenIncident, at: string, app: ArgoApplication): IncidentIntent {
  // Incidents stored before artifact ids were kept take the app's current one.
  const artifactId = incident.artifactId ?? artifactIdOf(incidentRevisionSet(app, incident.cause === 'sync'));
  return { kind: 'incident.resolved', incident, description: RESOLUTION[incident.cause], timestamp: at, ...(artifactId ? { artifactId } : {}) };
}

/** The id of the service event a detected incident follows (`followedDeploymentId`), derived at most once and only when read. */
class FollowedDeployment {
  #input: ArgoDecisionInput;
  #id: string | undefined;
  #known = false;

  constructor(input: ArgoDecisionInput) {
    this.#input = input;
  }

  get id(): string | undefined {
    if (!this.#known) {
      this.#id = followedDeploymentId(this.#input);
      this.#known = true;
    }
    return this.#id;
  }
}

/** A clear cause resolves its open incident when that incident's problem is older than the clear state. */
function decideClear(observation: CauseObservation, record: CauseRecord | undefined, app: ArgoApplication): CauseOutcome {
  const { cause, at } = observation;
  const open = record?.open;
  if (!open || time(open.openedAt) >= time(at)) return { intents: [], change: { cause, clearedAt: at } };
  return {
    intents: [resolved(open, at, app)],
    change: { cause, clearedAt: at, resolve: { subjectId: open.subjectId, openedAt: open.openedAt, resolvedAt: at } },
    reason: `resolves the ${cause} incident`,
  };
}

/**
 * A problem opens an incident unless one of its cause is open, it is beyond the age bound,
 * or a resolved incident already covers its time. A problem older than the cause's last clear state
 * arrived late (out of order): its incident is reported as detected and resolved at once, which is
 * what an in-order delivery would have produced.
 */
function decideProblem(
  observation: Extract<CauseObservation, { state: 'problem' }>, record: CauseRecord | undefined, input: ArgoDecisionInput, follows: FollowedDeployment,
): CauseOutcome {
  const { cause, at, subjectId, description, artifactId } = observation;
  if (input.staleBefore && time(at) < time(input.staleBefore)) return { intents: [], reason: `the ${cause} problem is older than ${AGE_BOUND}` };
  if (record?.open) return { intents: [], reason: `a ${cause} incident is already open` };
  const covered = (record?.resolved ?? []).some((r) => r.subjectId === subjectId || (time(r.openedAt) <= time(at) && time(at) < time(r.resolvedAt)));
  if (covered) return { intents: [], reason: `this ${cause} problem was already reported and resolved` };
  const incident: OpenIncident = { subjectId, cause, openedAt: at, ...(artifactId ? { artifactId } : {}) };
  const followed = follows.id;
  const detected: IncidentIntent = {
    kind: 'incident.detected', incident, description, timestamp: at, ...(artifactId ? { artifactId } : {}), ...(followed ? { follows: followed } : {}),
  };
  const clearedAt = record?.clearedAt;
  if (clearedAt && time(at) < time(clearedAt)) {
    return {
      intents: [detected, resolved(incident, clearedAt, input.notification.app)],
      change: { cause, resolve: { subjectId, openedAt: at, resolvedAt: clearedAt } },
      reason: `reports a ${cause} incident that ended before this notification arrived`,
    };
  }
  return { intents: [detected], change: { cause, open: incident }, reason: `opens a ${cause} incident` };
}

/**
 * Decides the incidents of one notification (pure), one cause at a time, from the causes its
 * Application shows (see `observeIncidentCauses`) and the stored cause records. At most one
 * incident per cause is open; incident.detected is not repeated while it is open; a clear state
 * resolves it, also beyond the age bound (the bridge opened that incident itself). A detected
 * incident follows the deployment the app runs (see `followedDeploymentId`).
 */
export function decideIncidents(input: ArgoDecisionInput): IncidentDecision {
  const { notification: { app }, identity, record, time: eventTime } = input;
  const decision: IncidentDecision = { intents: [], changes: [], reasons: [] };
  const follows = new FollowedDeployment(input);
  for (const observation of observeIncidentCauses({ app, identity, fallbackTime: eventTime.timestamp })) {
    const stored = record?.causes?.[observation.cause];
    const outcome = observation.state === 'clear' ? decideClear(observation, stored, app) : decideProblem(observation, stored, input, follows);
    decision.intents.push(...outcome.intents);
    if (outcome.change) decision.changes.push(outcome.change);
    if (outcome.reason) decision.reasons.push(outcome.reason);
  }
  return decision;
}
