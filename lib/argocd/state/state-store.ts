import type { DeploymentFingerprint } from '../decide/deployment-facts.js';

/** A deployment the bridge recorded for an app (fingerprint plus when it finished). */
export interface StoredDeployment extends DeploymentFingerprint {
  deployedAt: string;
  /** The id of the service event emitted for this revision set (absent when none was, or in older records). */
  eventId?: string;
}

/**
 * Why an incident is open. One incident per cause can be open at a time:
 * `sync` (a sync operation ended Failed or Error), `health` (health Degraded, or Missing after a
 * deployment), `sync-unknown` (sync status Unknown, e.g. an invalid spec or an unreachable repository).
 */
export type IncidentCause = 'sync' | 'health' | 'sync-unknown';

/** An incident the bridge reported (incident.detected sent). */
export interface OpenIncident {
  /** Subject id of the incident; incident.resolved reuses it. */
  subjectId: string;
  cause: IncidentCause;
  /** When the problem was observed (the Application's own time for it). */
  openedAt: string;
  /** The artifact the incident is about (incident.resolved repeats it). */
  artifactId?: string;
}

/** An incident the bridge resolved, remembered so a late notification about it reports nothing again. */
export interface ResolvedIncident {
  subjectId: string;
  openedAt: string;
  resolvedAt: string;
}

/** What the bridge remembers about one cause of one app. */
export interface CauseRecord {
  open?: OpenIncident;
  /** The latest time the cause was seen clear (sync succeeded, health Healthy, sync status known). */
  clearedAt?: string;
  /** Recently resolved incidents, oldest first; at most {@link MAX_RESOLVED_PER_CAUSE}. */
  resolved?: ResolvedIncident[];
}

/** Everything the bridge remembers about one Application (by `metadata.uid`). */
export interface ArgoAppRecord {
  /** Distinct deployments by fingerprint, ordered by their latest `deployedAt` (current last); at most {@link MAX_STORED_DEPLOYMENTS}. */
  deployments: StoredDeployment[];
  /** Incident state by cause (records of older versions held one `incident`; see `migrateAppRecord`). */
  causes?: Partial<Record<IncidentCause, CauseRecord>>;
  /** The environment id the app was last seen in (to move its membership when the destination changed). */
  environmentId?: string;
  /** Set once the app's removal was handled. */
  deletedAt?: string;
}

/** A change to one cause; every part is applied only when it still fits the stored record. */
export interface CauseChange {
  cause: IncidentCause;
  /** Opens this incident unless one is open for the cause or it was already resolved. */
  open?: OpenIncident;
  /** Resolves an incident: closes it when open and remembers it as resolved. */
  resolve?: ResolvedIncident;
  /** Raises `clearedAt` to this time when later. */
  clearedAt?: string;
}

/** A change to an app record; applied by {@link applyAppChange} inside the store's optimistic update. */
export interface ArgoAppChange {
  environmentId?: string;
  recordDeployment?: StoredDeployment;
  causes?: CauseChange[];
  deletedAt?: string;
}

/** What the bridge remembers about one environment (destination). */
export interface ArgoDestinationRecord {
  /** uids of the apps currently deploying to it. */
  members: string[];
  /** True once environment.created was sent (or deliberately skipped as a stale replay). */
  announced: boolean;
}

/** A change to a destination record. Membership changes are atomic set operations. */
export interface ArgoDestinationChange {
  environmentId: string;
  addMember?: string;
  removeMember?: string;
  /** `true` after environment.created; `false` after environment.deleted (the destination is forgotten). */
  announced?: boolean;
}

/** Result of claiming a notification key. */
export type ClaimResult =
  | { status: 'claimed'; token: string }
  | { status: 'pending' }
  | { status: 'done' };

/** Maximum number of resolved incidents remembered per cause. */
export const MAX_RESOLVED_PER_CAUSE = 10;
/** Maximum number of distinct deployments remembered per app. */
export const MAX_STORED_DEPLOYMENTS = 50;
/** How long a processed-notification key is remembered. */
export const DONE_KEY_TTL_SECONDS = 7 * 86_400;
/** How long an app record lives after its last update (removed apps: {@link DELETED_APP_TTL_SECONDS}). */
export const APP_RECORD_TTL_SECONDS = 400 * 86_400;
/** How long the record of a removed app is kept, so late redeliveries of `deleted` stay quiet. */
export const DELETED_APP_TTL_SECONDS = 30 * 86_400;
/** How long an untouched destination record lives. */
export const DESTINATION_TTL_SECONDS = 400 * 86_400;

/**
 * Persistent state of the Argo CD side. Two implementations: in memory (local server, tests)
 * and DynamoDB (one table, key `pk`, TTL attribute `expiresAt`).
 *
 * Redelivery protocol: `claim` a notification key before delivering (a conditional write of
 * a pending claim with a lease); after a successful delivery write the state and `complete`
 * the claim; after a failed delivery `release` it so the sender's retry is processed again.
 */
export interface ArgoStateStore {
  /**
   * Claims a notification key: succeeds when the key is new or its pending lease expired.
   * @returns `pending` while another live claim holds it, `done` when it was processed.
   */
  claim(key: string, leaseSeconds: number, now: Date): Promise<ClaimResult>;
  /** Marks a claimed key as processed (kept {@link DONE_KEY_TTL_SECONDS}). No-op if the token lost the claim. */
  complete(key: string, token: string, now: Date): Promise<void>;
  /** Drops a pending claim held by `token`, so the next attempt can claim it at once. */
  release(key: string, token: string): Promise<void>;
  /** The app record, unless absent or past its expiry at `now`. */
  getApp(uid: string, now: Date): Promise<ArgoAppRecord | undefined>;
  /** Applies a change to an app record with optimistic concurrency (re-reads and re-applies on conflict). */
  updateApp(uid: string, change: ArgoAppChange, now: Date): Promise<void>;
  /** The destination record, unless absent or past its expiry at `now`. */
  getDestination(environmentId: string, now: Date): Promise<ArgoDestinationRecord | undefined>;
  updateDestination(change: ArgoDestinationChange, now: Date): Promise<void>;
}
