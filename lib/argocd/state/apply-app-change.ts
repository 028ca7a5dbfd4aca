import {
  APP_RECORD_TTL_SECONDS, DELETED_APP_TTL_SECONDS, MAX_STORED_DEPLOYMENTS,
  type ArgoAppChange, type ArgoAppRecord, type StoredDeployment,
} from './state-store.js';

/**
 * Applies a change to an app record (pure and idempotent: applying it twice gives the same record).
 * Recorded deployments form a distinct list ordered by deployment time. An incident is opened
 * only when none is open, and closed only when the subject id matches.
 */
export function applyAppChange(current: ArgoAppRecord | undefined, change: ArgoAppChange): ArgoAppRecord {
  const record: ArgoAppRecord = {
    deployments: [...(current?.deployments ?? [])],
    ...(current?.incident ? { incident: current.incident } : {}),
    ...(current?.environmentId ? { environmentId: current.environmentId } : {}),
    ...(current?.deletedAt ? { deletedAt: current.deletedAt } : {}),
  };
  if (change.environmentId) record.environmentId = change.environmentId;
  if (change.recordDeployment) record.deployments = withDeployment(record.deployments, change.recordDeployment);
  if (change.closeIncident && record.incident?.subjectId === change.closeIncident) delete record.incident;
  if (change.openIncident && !record.incident) record.incident = change.openIncident;
  if (change.deletedAt) record.deletedAt = change.deletedAt;
  return record;
}

/**
 * The distinct deployments with `deployment` merged in: one entry per fingerprint carrying its
 * latest `deployedAt`, ordered by it (so an out-of-order notification lands in its place), newest
 * {@link MAX_STORED_DEPLOYMENTS} kept.
 */
function withDeployment(list: readonly StoredDeployment[], deployment: StoredDeployment): StoredDeployment[] {
  const existing = list.find((d) => d.fingerprint === deployment.fingerprint);
  const deployedAt = existing && existing.deployedAt > deployment.deployedAt ? existing.deployedAt : deployment.deployedAt;
  return [...list.filter((d) => d.fingerprint !== deployment.fingerprint), { ...deployment, deployedAt }]
    .sort((a, b) => (a.deployedAt < b.deployedAt ? -1 : a.deployedAt > b.deployedAt ? 1 : 0))
    .slice(-MAX_STORED_DEPLOYMENTS);
}

/** Epoch seconds at which an app record may be dropped. */
export function appRecordExpiry(record: ArgoAppRecord, now: Date): number {
  const ttl = record.deletedAt ? DELETED_APP_TTL_SECONDS : APP_RECORD_TTL_SECONDS;
  return Math.floor(now.getTime() / 1000) + ttl;
}
