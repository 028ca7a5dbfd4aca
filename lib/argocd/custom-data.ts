import type { ArgoEventName, ArgoNotification, ArgoRevisionSet, ArgoSource } from './parse/argo-types.js';
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

type Summary = Record<string, unknown>;

/**
 * Sets `key` unless `value` is `undefined` or `""`, so the JSON stays small and stable and no field
 * is ever `""` (CDEvents consumers such as the Go SDK treat empty strings as invalid values, not
 * as absent ones). The summary is built member by member rather than written in full and then
 * compacted: same members, same order, without the intermediate objects (issue 9).
 */
function keep(target: Summary, key: string, value: unknown): void {
  if (value !== undefined && value !== '') target[key] = value;
}

/** `object`, or `undefined` when it has no member (empty objects are dropped). */
function nonEmpty(object: Summary): Summary | undefined {
  for (const _ in object) return object;
  return undefined;
}

function sourceSummary(source: ArgoSource): Summary | undefined {
  const summary: Summary = {};
  keep(summary, 'repoURL', source.repoURL);
  keep(summary, 'chart', source.chart);
  keep(summary, 'path', source.path);
  keep(summary, 'targetRevision', source.targetRevision);
  return nonEmpty(summary);
}

/**
 * `customData.argocd` of every draft: a summary of the Application. Only allow-listed fields are
 * copied — sources are reduced to repoURL, chart, path and targetRevision, so helm values,
 * valuesObject, parameters, file parameters, plugin env, kustomize patches, annotations and
 * unknown `context` keys never reach an event. Members that are `undefined` or `""`, and objects
 * left empty, are dropped; in `revisions`, an empty string becomes `null` (positions are kept).
 */
export function argoCustomData(input: ArgoCustomDataInput): Record<string, unknown> {
  const { notification: { app, eventOrigin }, event, identity, revisionSet, classification } = input;
  const sources = revisionSet?.sources.length ? revisionSet.sources : app.specSources;
  const operation = app.operationState;
  const initiatedBy = operation?.initiatedBy ?? app.history.at(-1)?.initiatedBy;
  const argocd: Summary = {};
  keep(argocd, 'event', event);
  keep(argocd, 'eventOrigin', eventOrigin);
  keep(argocd, 'name', app.name);
  keep(argocd, 'namespace', app.namespace);
  keep(argocd, 'uid', app.uid);
  keep(argocd, 'project', app.project);
  keep(argocd, 'instance', identity.instance);
  keep(argocd, 'url', identity.appUrl);
  const destination: Summary = {};
  keep(destination, 'server', app.destination.server);
  keep(destination, 'name', app.destination.name);
  keep(destination, 'namespace', app.destination.namespace);
  keep(argocd, 'destination', nonEmpty(destination));
  keep(argocd, 'revision', revisionSet && revisionSet.revisions.length === 0 ? revisionSet.revision : undefined);
  keep(argocd, 'revisions', revisionSet && revisionSet.revisions.length > 0 ? compactArray(revisionSet.revisions) : undefined);
  keep(argocd, 'sources', sources.map(sourceSummary));
  keep(argocd, 'syncStatus', app.sync.status);
  const health: Summary = {};
  keep(health, 'status', app.health.status);
  keep(health, 'message', app.health.message);
  keep(argocd, 'health', nonEmpty(health));
  const operationSummary: Summary = {};
  keep(operationSummary, 'phase', operation?.phase);
  keep(operationSummary, 'message', operation?.message);
  keep(operationSummary, 'startedAt', operation?.startedAt);
  keep(operationSummary, 'finishedAt', operation?.finishedAt);
  keep(argocd, 'operation', nonEmpty(operationSummary));
  if (initiatedBy) {
    const initiator: Summary = {};
    keep(initiator, 'username', initiatedBy.username);
    keep(initiator, 'automated', initiatedBy.automated);
    keep(argocd, 'initiatedBy', nonEmpty(initiator));
  }
  keep(argocd, 'historyId', app.history.at(-1)?.id);
  if (classification) {
    const change: Summary = {};
    keep(change, 'kind', classification.change);
    keep(change, 'reason', classification.reason);
    keep(argocd, 'change', nonEmpty(change));
  }
  return { argocd: nonEmpty(argocd) };
}
