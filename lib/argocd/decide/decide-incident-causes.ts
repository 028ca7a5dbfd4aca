import type { ArgoApplication } from '../parse/argo-types.js';
import type { ArgoIdentity } from './argo-identity.js';
import { artifactIdOf, incidentRevisionSet, isRealDeployment } from './deployment-facts.js';
import { deterministicId } from '../../cdevents/deterministic-id.js';
import type { IncidentCause } from '../state/state-store.js';

/** What the Application in one notification shows about one incident cause, at the app's own time. */
export type CauseObservation =
  | { cause: IncidentCause; state: 'clear'; at: string }
  | { cause: IncidentCause; state: 'problem'; at: string; subjectId: string; description: string; artifactId?: string };

type Problem = Extract<CauseObservation, { state: 'problem' }>;

const MAX_DESCRIPTION = 1000;

function clip(text: string): string {
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

/** Inputs of {@link observeIncidentCauses}. */
export interface CauseContext {
  app: ArgoApplication;
  identity: ArgoIdentity;
  /** The time to use when the app has none for a state: the notification's event time. */
  fallbackTime: string;
}

/**
 * A problem observation. The subject id is `<service id>/incident/<deterministic id of (uid, opener,
 * key)>`, where the key is the app's own time of the problem, so every notification that carries
 * the same problem (in any order) names the same incident; `opener` is the event name that opened
 * such incidents before causes were kept apart, so their ids are unchanged.
 */
function problem(ctx: CauseContext, cause: IncidentCause, opener: string, key: string, at: string, text: string): Problem {
  const { app, identity } = ctx;
  const artifactId = artifactIdOf(incidentRevisionSet(app, cause === 'sync'));
  return {
    cause, state: 'problem', at,
    subjectId: `${identity.serviceId}/incident/${deterministicId(app.uid, opener, key)}`,
    description: clip(text),
    ...(artifactId ? { artifactId } : {}),
  };
}

/** The app's own time for a state, else `status.reconciledAt`, else the notification's event time. */
function timeOf(ctx: CauseContext, own: string | undefined): string {
  return own ?? ctx.app.reconciledAt ?? ctx.fallbackTime;
}

function observeSync(ctx: CauseContext): CauseObservation | undefined {
  const { app } = ctx;
  const operation = app.operationState;
  if (operation?.phase === 'Failed' || operation?.phase === 'Error') {
    const at = timeOf(ctx, operation.finishedAt ?? operation.startedAt);
    const text = operation.message || `sync operation ended with phase ${operation.phase}`;
    return problem(ctx, 'sync', 'sync-failed', operation.startedAt ?? at, at, text);
  }
  if (!isRealDeployment(app)) return undefined;
  return { cause: 'sync', state: 'clear', at: timeOf(ctx, operation?.finishedAt ?? app.history.at(-1)?.deployedAt) };
}

function observeHealth(ctx: CauseContext): CauseObservation | undefined {
  const { status, message, lastTransitionTime } = ctx.app.health;
  const at = timeOf(ctx, lastTransitionTime);
  if (status === 'Healthy') return { cause: 'health', state: 'clear', at };
  // Missing before the first deployment is how every new app starts; after one, resources are gone.
  const missing = status === 'Missing' && ctx.app.history.length > 0;
  if (status !== 'Degraded' && !missing) return undefined;
  return problem(ctx, 'health', `health-${status.toLowerCase()}`, at, at, message || `application health is ${status}`);
}

function observeSyncStatus(ctx: CauseContext): CauseObservation | undefined {
  const { app } = ctx;
  const status = app.sync.status;
  if (status === 'Synced' || status === 'OutOfSync') return { cause: 'sync-unknown', state: 'clear', at: timeOf(ctx, app.reconciledAt) };
  if (status !== 'Unknown') return undefined;
  // Condition times are normalised ISO strings, so they sort as text; conditions without one sort first.
  const byTime = [...app.conditions].sort((a, b) => (a.lastTransitionTime ?? '').localeCompare(b.lastTransitionTime ?? ''));
  const at = timeOf(ctx, byTime.map((c) => c.lastTransitionTime).filter((t) => t !== undefined).at(-1));
  const latest = byTime.filter((c) => c.message).at(-1);
  const text = latest ? `${latest.type || 'condition'}: ${latest.message}` : 'sync status is Unknown';
  return problem(ctx, 'sync-unknown', 'sync-status-unknown', at, at, text);
}

/**
 * Reads every incident cause from the Application a notification carries (pure), whatever the
 * notification's event: the controller evaluates all triggers against the same Application, so
 * each notification of one pass shows the same causes, and their order cannot change the outcome.
 *
 * | cause | problem | clear |
 * |---|---|---|
 * | `sync` | operation phase Failed or Error (time: `finishedAt`) | the operation is a real deployment (succeeded, wrote the newest history entry; time: `finishedAt`) |
 * | `health` | health Degraded, or Missing once the app was deployed (time: `health.lastTransitionTime`) | health Healthy (time: `health.lastTransitionTime`) |
 * | `sync-unknown` | sync status Unknown (time: newest condition) | sync status Synced or OutOfSync (time: `reconciledAt`) |
 *
 * When the app has no time for a state, `status.reconciledAt` (shared by every notification of a
 * pass) is used, then the notification's event time.
 */
export function observeIncidentCauses(ctx: CauseContext): CauseObservation[] {
  const observations: CauseObservation[] = [];
  for (const observation of [observeSync(ctx), observeHealth(ctx), observeSyncStatus(ctx)]) if (observation) observations.push(observation);
  return observations;
}
