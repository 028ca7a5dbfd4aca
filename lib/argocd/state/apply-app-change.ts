import {
  APP_RECORD_TTL_SECONDS, DELETED_APP_TTL_SECONDS, MAX_RESOLVED_PER_CAUSE, MAX_STORED_DEPLOYMENTS,
  type ArgoAppChange, type ArgoAppRecord, type CauseChange, type CauseRecord, type IncidentCause, type StoredDeployment,
} from './state-store.js';

const later = (a: string | undefined, b: string): string => (a !== undefined && Date.parse(a) >= Date.parse(b) ? a : b);

/** Sets an own member as an object literal or spread would, also for the key `__proto__`. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/**
 * Applies one cause change (pure). It is re-applied on a freshly read record when a concurrent
 * update won, so each part checks that it still fits: an incident is resolved at most once (it is
 * closed only when it is the open one), opened only when no incident of the cause is open and it
 * was not resolved already, and `clearedAt` only moves forward.
 *
 * Members keep the order `{ ...current, resolved }` followed by removing `open`, adding `open`,
 * setting `clearedAt` and removing an empty `resolved` gave them (the record is stored as JSON),
 * built once: `delete` turned each cause record into a slow dictionary object, and a spread
 * followed by a new member costs V8 (Node 20) about a microsecond (issue 9, measured).
 */
function applyCauseChange(current: CauseRecord | undefined, change: CauseChange): CauseRecord {
  const { open, resolve, clearedAt } = change;
  let resolved = [...(current?.resolved ?? [])];
  if (resolve && !resolved.some((r) => r.subjectId === resolve.subjectId)) resolved = [...resolved, resolve].slice(-MAX_RESOLVED_PER_CAUSE);
  const dropOpen = resolve !== undefined && current?.open?.subjectId === resolve.subjectId;
  const keptOpen = dropOpen ? undefined : current?.open;
  const addOpen = open !== undefined && !keptOpen && !resolved.some((r) => r.subjectId === open.subjectId);
  const record: CauseRecord = {};
  const members = record as Record<string, unknown>;
  let hasResolved = false;
  let hasOpen = false;
  let hasClearedAt = false;
  if (current) {
    for (const key of Object.keys(current)) {
      if (key === 'resolved') {
        hasResolved = true;
        if (resolved.length > 0) record.resolved = resolved;
      } else if (key === 'open') {
        if (dropOpen) continue;
        hasOpen = true;
        record.open = addOpen ? open : current.open;
      } else if (key === 'clearedAt') {
        hasClearedAt = true;
        record.clearedAt = clearedAt ? later(current.clearedAt, clearedAt) : current.clearedAt;
      } else {
        define(members, key, (current as Record<string, unknown>)[key]);
      }
    }
  }
  if (!hasResolved && resolved.length > 0) record.resolved = resolved;
  if (addOpen && !hasOpen) record.open = open;
  if (clearedAt && !hasClearedAt) record.clearedAt = later(undefined, clearedAt);
  return record;
}

/** `causes` with `cause` set: in its place when present, else last (as `{ ...causes, [cause]: value }`). */
function withCause(causes: ArgoAppRecord['causes'], cause: IncidentCause, value: CauseRecord): NonNullable<ArgoAppRecord['causes']> {
  const result: Record<string, unknown> = {};
  if (causes) for (const key of Object.keys(causes)) define(result, key, (causes as Record<string, unknown>)[key]);
  result[cause] = value;
  return result as NonNullable<ArgoAppRecord['causes']>;
}

/**
 * Applies a change to an app record (pure and idempotent: applying it twice gives the same record).
 * Recorded deployments form a distinct list ordered by deployment time; causes change as
 * described in {@link applyCauseChange}.
 */
export function applyAppChange(current: ArgoAppRecord | undefined, change: ArgoAppChange): ArgoAppRecord {
  const record: ArgoAppRecord = {
    deployments: [...(current?.deployments ?? [])],
    ...(current?.causes ? { causes: { ...current.causes } } : {}),
    ...(current?.environmentId ? { environmentId: current.environmentId } : {}),
    ...(current?.deletedAt ? { deletedAt: current.deletedAt } : {}),
  };
  if (change.environmentId) record.environmentId = change.environmentId;
  if (change.recordDeployment) record.deployments = withDeployment(record.deployments, change.recordDeployment);
  for (const causeChange of change.causes ?? []) {
    record.causes = withCause(record.causes, causeChange.cause, applyCauseChange(record.causes?.[causeChange.cause], causeChange));
  }
  if (change.deletedAt) record.deletedAt = change.deletedAt;
  return record;
}

/**
 * The distinct deployments with `deployment` merged in: one entry per fingerprint carrying its
 * latest `deployedAt` and the id of its latest service event, ordered by it (so an out-of-order notification lands in its place), newest
 * {@link MAX_STORED_DEPLOYMENTS} kept.
 */
function withDeployment(list: readonly StoredDeployment[], deployment: StoredDeployment): StoredDeployment[] {
  const existing = list.find((d) => d.fingerprint === deployment.fingerprint);
  const deployedAt = existing && existing.deployedAt > deployment.deployedAt ? existing.deployedAt : deployment.deployedAt;
  // The later of the two wins; a re-sync (no event) keeps the id of the event that deployed the revision set.
  const [newer, older] = existing && existing.deployedAt > deployment.deployedAt ? [existing, deployment] : [deployment, existing];
  const eventId = newer.eventId ?? older?.eventId;
  const merged = { ...deployment, deployedAt, ...(eventId ? { eventId } : {}) };
  return [...list.filter((d) => d.fingerprint !== deployment.fingerprint), merged]
    .sort((a, b) => (a.deployedAt < b.deployedAt ? -1 : a.deployedAt > b.deployedAt ? 1 : 0))
    .slice(-MAX_STORED_DEPLOYMENTS);
}

/** Epoch seconds at which an app record may be dropped. */
export function appRecordExpiry(record: ArgoAppRecord, now: Date): number {
  const ttl = record.deletedAt ? DELETED_APP_TTL_SECONDS : APP_RECORD_TTL_SECONDS;
  return Math.floor(now.getTime() / 1000) + ttl;
}
