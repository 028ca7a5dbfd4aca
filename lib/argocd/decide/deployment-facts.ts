import type { ArgoApplication, ArgoRevisionSet, ArgoSource } from '../parse/argo-types.js';
import { artifactPurl } from './artifact-id.js';

export type { DeploymentFingerprint } from './deployment-fingerprint.js';

/** The deployed source that is the artifact, with its revision. */
export interface ArtifactSource {
  source: ArgoSource;
  revision?: string;
}

/**
 * True when the current operation produced a real deployment: it succeeded and the newest
 * history entry was written by it (`last(history).deployStartedAt == operationState.startedAt`).
 * Dry runs and selective (resource) syncs write no history entry.
 */
export function isRealDeployment(app: ArgoApplication): boolean {
  const operation = app.operationState;
  const last = app.history.at(-1);
  return operation?.phase === 'Succeeded' && !!operation.startedAt && last?.deployStartedAt === operation.startedAt;
}

/** True when the set names a revision (`revisions[]` or `revision`). */
export function hasRevision(set: ArgoRevisionSet | undefined): set is ArgoRevisionSet {
  return !!set && (set.revisions.length > 0 || !!set.revision);
}

/** The deployed revision set: the newest history entry, else `syncResult`. Never `status.sync`. */
export function deployedRevisionSet(app: ArgoApplication): ArgoRevisionSet | undefined {
  const last = app.history.at(-1);
  if (hasRevision(last)) return withSpecSources(last, app);
  const result = app.operationState?.syncResult;
  return hasRevision(result) ? withSpecSources(result, app) : undefined;
}

/** The revision set the current operation tried to deploy (`syncResult`), else the deployed one. */
export function attemptedRevisionSet(app: ArgoApplication): ArgoRevisionSet | undefined {
  const result = app.operationState?.syncResult;
  return hasRevision(result) ? withSpecSources(result, app) : deployedRevisionSet(app);
}

/** The revision(s) Argo CD last compared the spec sources against (`status.sync.revision(s)`). */
function comparedRevisionSet(app: ArgoApplication): ArgoRevisionSet {
  return { revision: app.sync.revision, revisions: [...app.sync.revisions], sources: app.specSources };
}

/**
 * The spec sources at their `targetRevision`. A Git source without one tracks `HEAD`, Argo CD's
 * default; a chart has no such default, so it gets no revision.
 */
function targetRevisionSet(app: ArgoApplication): ArgoRevisionSet {
  const targets = app.specSources.map((s) => s.targetRevision || (s.chart || s.repoURL.startsWith('oci://') ? '' : 'HEAD'));
  return app.specSources.length === 1
    ? { revision: targets[0] || undefined, revisions: [], sources: app.specSources }
    : { revisions: targets, sources: app.specSources };
}

/**
 * The revision set an incident is about, for its `artifactId`: the first of these that yields
 * an artifact purl: for a failed sync the operation's revision(s) (`syncResult`), then the
 * deployed revision(s) (newest history entry, else `syncResult`), then the compared revision(s)
 * (`status.sync`), then the spec sources' `targetRevision`. So an app whose spec is invalid and
 * was never synced still names its chart or repository at the revision it asks for.
 */
export function incidentRevisionSet(app: ArgoApplication, failedSync: boolean): ArgoRevisionSet | undefined {
  const candidates = [failedSync ? attemptedRevisionSet(app) : deployedRevisionSet(app), comparedRevisionSet(app), targetRevisionSet(app)];
  return candidates.find((set) => artifactIdOf(set) !== undefined);
}

/** The set, with the spec's sources when it has none of its own. */
export function withSpecSources(set: ArgoRevisionSet, app: ArgoApplication): ArgoRevisionSet {
  return set.sources.length > 0 ? set : { ...set, sources: app.specSources };
}

/** Revisions of a set: `revisions[]` for multi-source apps, else `[revision]`. */
export function revisionsOf(set: ArgoRevisionSet): string[] {
  if (set.revisions.length > 0) return [...set.revisions];
  return set.revision ? [set.revision] : [];
}

/**
 * The artifact of a revision set: the first source that is not `ref`-only (a `ref` source
 * only provides values files), paired with its revision (same index in `revisions[]`).
 */
export function artifactSource(set: ArgoRevisionSet): ArtifactSource | undefined {
  const index = set.sources.findIndex((source) => !(source.ref && !source.chart && !source.path));
  const source = set.sources[index];
  if (!source) return undefined;
  const revision = set.revisions.length > 0 ? set.revisions[index] : set.revision;
  return { source, revision: revision || undefined };
}

/** The purl of a revision set's artifact, when it has one. */
export function artifactIdOf(set: ArgoRevisionSet | undefined): string | undefined {
  const artifact = set ? artifactSource(set) : undefined;
  return artifact ? artifactPurl(artifact.source, artifact.revision) : undefined;
}
