import type { ArgoAppRecord, CauseRecord, IncidentCause, OpenIncident } from './state-store.js';

/** The cause of an incident written by versions that kept one `incident`, named by the event that opened it. */
const LEGACY_CAUSES: Record<string, IncidentCause> = {
  'sync-failed': 'sync',
  'health-degraded': 'health',
  'sync-status-unknown': 'sync-unknown',
};

interface LegacyIncident {
  subjectId?: unknown;
  cause?: unknown;
  openedAt?: unknown;
}

/** The per-cause form of a legacy `incident`, or `undefined` when it is unusable. */
function migrateIncident(incident: LegacyIncident): OpenIncident | undefined {
  if (typeof incident.subjectId !== 'string' || typeof incident.openedAt !== 'string') return undefined;
  // Only the three event names above were ever written; anything else is treated as a health
  // incident, the cause the old rules resolved it by (a Healthy application).
  const cause = (typeof incident.cause === 'string' && LEGACY_CAUSES[incident.cause]) || 'health';
  return { subjectId: incident.subjectId, cause, openedAt: incident.openedAt };
}

/**
 * Reads a stored app record in the current shape. Records written before incidents were kept by
 * cause hold one `incident` whose `cause` is the opening event (`sync-failed`, `health-degraded`,
 * `sync-status-unknown`); it becomes the open incident of its cause (`sync`, `health`,
 * `sync-unknown`) with the same subject id, so its incident.resolved still matches. Both stores
 * call this on every read, so the old shape is rewritten on the next update.
 */
export function migrateAppRecord(stored: ArgoAppRecord & { incident?: LegacyIncident }): ArgoAppRecord {
  const { incident, ...record } = stored;
  const result: ArgoAppRecord = { ...record, deployments: record.deployments ?? [] };
  const legacy = incident && typeof incident === 'object' ? migrateIncident(incident) : undefined;
  if (!legacy || result.causes?.[legacy.cause]?.open) return result;
  const current: CauseRecord = result.causes?.[legacy.cause] ?? {};
  return { ...result, causes: { ...result.causes, [legacy.cause]: { ...current, open: legacy } } };
}
