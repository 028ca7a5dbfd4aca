/**
 * The bridge's typed view of an Argo CD notification, as `ArgoNotificationSchema`
 * (`argo-notification-schema.ts`) outputs it: only the fields the bridge uses, read from declared
 * keys, so no unknown key (Helm values, annotations, prototype keys) ever reaches these objects.
 * The types are declared here, with their meaning, rather than inferred: the schema reshapes the
 * Application (e.g. `metadata.uid` → `uid`) in transforms typed with them, which `tsc` checks.
 */

/** Event names the bridge's template sends in `event` (plus `sync-status-unknown`). */
export const ARGO_EVENT_NAMES = [
  'created', 'deployed', 'sync-failed', 'sync-status-unknown', 'health-degraded', 'health-healthy', 'deleted',
] as const;

/** Application annotation that sets the CDEvents environment id explicitly. */
export const ENVIRONMENT_ANNOTATION = 'cdevents-bridge/environment';

/** One Argo CD notification event name. */
export type ArgoEventName = (typeof ARGO_EVENT_NAMES)[number];

/**
 * A source of an Application (`spec.source(s)`, `syncResult.source(s)`, `history[].source(s)`).
 * `contentHash` is the sha256 of the canonical JSON of the whole raw source, helm values
 * included, so sources can be compared without keeping their (possibly secret) content.
 */
export interface ArgoSource {
  repoURL: string;
  chart?: string;
  path?: string;
  targetRevision?: string;
  ref?: string;
  contentHash: string;
}

/** Who started an operation. */
export interface ArgoInitiator {
  username?: string;
  automated?: boolean;
}

/** Revision(s) and source(s) of one deployment (`syncResult` or a `history` entry). */
export interface ArgoRevisionSet {
  /** `revision` for single-source apps (`""` for multi-source apps becomes `undefined`). */
  revision?: string;
  /** `revisions[]` for multi-source apps, indexed like `sources`. */
  revisions: string[];
  /** `sources[]`, or `[source]` when `source.repoURL` is not empty. */
  sources: ArgoSource[];
}

/** One `status.history[]` entry (only successful, full, non-dry-run syncs). */
export interface ArgoHistoryEntry extends ArgoRevisionSet {
  id?: number;
  deployStartedAt?: string;
  deployedAt?: string;
  initiatedBy?: ArgoInitiator;
}

/** `status.operationState`. Times are normalised ISO strings. */
export interface ArgoOperationState {
  phase?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  initiatedBy?: ArgoInitiator;
  syncResult?: ArgoRevisionSet;
}

/** `status.conditions[]` entry. */
export interface ArgoCondition {
  type?: string;
  message?: string;
  lastTransitionTime?: string;
}

/** The parts of an Argo CD Application the bridge reads. Times are normalised ISO strings. */
export interface ArgoApplication {
  name: string;
  namespace: string;
  uid: string;
  project?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  /** Value of the `cdevents-bridge/environment` annotation, when set. */
  environmentOverride?: string;
  destination: { server?: string; name?: string; namespace?: string };
  specSources: ArgoSource[];
  sync: { status?: string; revision?: string; revisions: string[] };
  health: { status?: string; message?: string; lastTransitionTime?: string };
  operationState?: ArgoOperationState;
  /** Oldest first, newest last. */
  history: ArgoHistoryEntry[];
  conditions: ArgoCondition[];
  reconciledAt?: string;
  /** Source Hydrator (Argo CD 3.x): the dry commit the deployed, hydrated one was rendered from. */
  hydrator?: { drySha: string; dryRepoUrl?: string };
}

/** The `context` map of the notifications ConfigMap; other keys are dropped. */
export interface ArgoContext {
  argocdUrl?: string;
  argocdInstance?: string;
}

/** A validated notification, as returned by `parseArgoNotification`. */
export interface ArgoNotification {
  /** The event: from the body's `event` field, or inferred from the Application's state. */
  event: ArgoEventName | undefined;
  /** Where `event` came from. */
  eventOrigin: 'body' | 'inferred';
  /** The body's `timestamp` (send time on the controller clock), normalised. */
  sentAt?: string;
  context: ArgoContext;
  app: ArgoApplication;
}
