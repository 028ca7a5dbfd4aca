import type { ArgoEventName, ArgoNotification, ArgoRevisionSet } from './parse/argo-types.js';
import type { ArgoIdentity } from './decide/argo-identity.js';
import type { DeploymentClassification } from './decide/classify-deployment.js';

/** Inputs of {@link argoCustomData}. */
export interface ArgoCustomDataInput {
  notification: ArgoNotification;
  event: ArgoEventName;
  identity: ArgoIdentity;
  revisionSet?: ArgoRevisionSet;
  classification?: DeploymentClassification;
}

/** An array with empty strings replaced by `null`, so positions (indexed like `sources`) are kept. */
function compactArray(items: readonly unknown[]): unknown[] {
  return items.map((item) => (item === '' ? null : item));
}

/**
 * Drops `undefined` and empty-string members and empty objects, so the JSON stays small and stable
 * and no field is ever `""` (CDEvents consumers such as the Go SDK treat empty strings as invalid
 * values, not as absent ones). Recurses only over the summary built below, a few levels deep.
 */
function compact(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const result: Record<string, unknown> = {};
  let empty = true;
  // Keys, not entries: no [key, value] pair allocated per member (this runs for every draft).
  for (const key of Object.keys(value)) {
    const member = value[key];
    let kept = member;
    if (Array.isArray(member)) kept = compactArray(member);
    else if (member !== null && typeof member === 'object') kept = compact(member as Record<string, unknown>);
    if (kept !== undefined && kept !== '') {
      result[key] = kept;
      empty = false;
    }
  }
  return empty ? undefined : result;
}

/**
 * `customData.argocd` of every draft: a summary of the Application. Only allow-listed fields are
 * copied — sources are reduced to repoURL, chart, path and targetRevision, so helm values,
 * valuesObject, parameters, file parameters, plugin env, kustomize patches, annotations and
 * unknown `context` keys never reach an event.
 */
export function argoCustomData(input: ArgoCustomDataInput): Record<string, unknown> {
  const { notification: { app, eventOrigin }, event, identity, revisionSet, classification } = input;
  const sources = revisionSet?.sources.length ? revisionSet.sources : app.specSources;
  const operation = app.operationState;
  const initiatedBy = operation?.initiatedBy ?? app.history.at(-1)?.initiatedBy;
  const argocd = compact({
    event,
    eventOrigin,
    name: app.name,
    namespace: app.namespace,
    uid: app.uid,
    project: app.project,
    instance: identity.instance,
    url: identity.appUrl,
    destination: { server: app.destination.server, name: app.destination.name, namespace: app.destination.namespace },
    revision: revisionSet && revisionSet.revisions.length === 0 ? revisionSet.revision : undefined,
    revisions: revisionSet && revisionSet.revisions.length > 0 ? [...revisionSet.revisions] : undefined,
    sources: sources.map((s) => compact({ repoURL: s.repoURL, chart: s.chart, path: s.path, targetRevision: s.targetRevision })),
    syncStatus: app.sync.status,
    health: { status: app.health.status, message: app.health.message },
    operation: { phase: operation?.phase, message: operation?.message, startedAt: operation?.startedAt, finishedAt: operation?.finishedAt },
    initiatedBy: initiatedBy ? { username: initiatedBy.username, automated: initiatedBy.automated } : undefined,
    historyId: app.history.at(-1)?.id,
    change: classification ? { kind: classification.change, reason: classification.reason } : undefined,
  });
  return { argocd };
}
