import type { ArgoApplication, ArgoEventName } from './argo-types.js';
import { isRealDeployment } from '../decide/deployment-facts.js';

/**
 * Infers the event of a body that has no `event` field (a `{timestamp, context, app}` body or a
 * bare Application), from the Application's state, first match wins:
 *
 * 1. `metadata.deletionTimestamp` set → `deleted`
 * 2. `operationState.phase` Failed or Error → `sync-failed`
 * 3. `sync.status` Unknown → `sync-status-unknown`
 * 4. `health.status` Degraded → `health-degraded`
 * 5. phase Succeeded, Healthy, and the operation wrote the newest history entry → `deployed`
 * 6. Healthy → `health-healthy`
 * 7. anything else (phase Running, Progressing, Missing, Suspended, …) → `undefined` (nothing to emit)
 *
 * `created` is never inferred: the state of an Application does not say it was just created.
 */
export function inferArgoEvent(app: ArgoApplication): ArgoEventName | undefined {
  const phase = app.operationState?.phase;
  const health = app.health.status;
  if (app.deletionTimestamp) return 'deleted';
  if (phase === 'Failed' || phase === 'Error') return 'sync-failed';
  if (app.sync.status === 'Unknown') return 'sync-status-unknown';
  if (health === 'Degraded') return 'health-degraded';
  if (health === 'Healthy' && isRealDeployment(app)) return 'deployed';
  if (health === 'Healthy') return 'health-healthy';
  return undefined;
}
