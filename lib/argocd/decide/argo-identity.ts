import type { ArgoNotification } from '../parse/argo-types.js';
import { environmentId, serviceId } from '../../cdevents/subject-ids.js';
import { toWellFormed } from '../../text/well-formed-text.js';
import { trimTrailingSlashes } from '../../text/trim-trailing-slashes.js';
import { boundedMemo } from '../../text/bounded-memo.js';

/** Ids and names derived from a notification, shared by every draft it produces. */
export interface ArgoIdentity {
  /** Argo CD instance id: `context.argocdInstance`, else the configured default. */
  instance: string;
  /** `context.source`: `context.argocdUrl` when absolute, else `/argocd/<instance>`. */
  source: string;
  /** `context.argocdUrl` without trailing slash, when it is an absolute http(s) URL. */
  argocdUrl?: string;
  /** Cluster scope of the destination (see {@link destinationScope}). */
  scope: string;
  environmentId: string;
  /** Human name of the environment: the destination namespace, else the scope. */
  environmentName: string;
  serviceId: string;
  /** `<argocdUrl>/applications/<namespace>/<name>`, when `argocdUrl` is known. */
  appUrl?: string;
}

const IN_CLUSTER_HOSTS = new Set(['kubernetes.default.svc', 'kubernetes.default.svc.cluster.local']);

/**
 * `encodeURIComponent` that never throws: it throws `URIError` on a lone UTF-16 surrogate, which a
 * JSON body can carry (`"\ud800"`), so such a surrogate becomes U+FFFD first.
 */
function encodeSegment(value: string): string {
  return encodeURIComponent(toWellFormed(value));
}

/**
 * `value` without trailing slashes when it is an absolute http(s) URL. Memoised (see `boundedMemo`):
 * an instance sends the same `argocdUrl` with every notification, and `new URL` was ~1.5% of the
 * benchmark's per-event CPU (issue 9, profile).
 */
const absoluteHttpUrlOf = boundedMemo((value: string): string | undefined => {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? trimTrailingSlashes(value.trim()) : undefined;
  } catch {
    return undefined;
  }
});

function absoluteHttpUrl(value: string | undefined): string | undefined {
  return value ? absoluteHttpUrlOf(value) : undefined;
}

/** What a destination `server` URL names: the in-cluster API, a host (lower case), or neither (`undefined`). */
type ServerScope = { inCluster: true } | { inCluster: false; host: string | undefined };

/** The scope of a `destination.server`, memoised: an instance has few destination servers, repeated in every notification. */
const serverScopeOf = boundedMemo((server: string): ServerScope => {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    return { inCluster: false, host: undefined };
  }
  if (!url.host) return { inCluster: false, host: undefined };
  return IN_CLUSTER_HOSTS.has(url.hostname.toLowerCase()) ? { inCluster: true } : { inCluster: false, host: url.host.toLowerCase() };
});

/**
 * The cluster scope of an Application's destination: `destination.name` (unless `in-cluster`),
 * else the host of `destination.server` (unless `kubernetes.default.svc`), else the Argo CD
 * instance id, since the in-cluster destination is only unique per instance.
 */
export function destinationScope(notification: ArgoNotification, instance: string): string {
  const { name, server } = notification.app.destination;
  if (name && name !== 'in-cluster') return name;
  if (!server) return instance;
  const scope = serverScopeOf(server);
  if (scope.inCluster) return instance;
  return scope.host ?? server;
}

/**
 * Resolves instance, source and subject ids of a notification with the shared id scheme
 * (`lib/cdevents/subject-ids.ts`): service `<scope>/<app namespace>/<app name>`, environment
 * `<scope>/<destination namespace>` (just `<scope>` for a destination without namespace), or the
 * value of the `cdevents-bridge/environment` annotation when the Application sets it.
 */
export function resolveArgoIdentity(notification: ArgoNotification, defaultInstance: string): ArgoIdentity {
  const { app, context } = notification;
  const instance = context.argocdInstance ?? defaultInstance;
  const argocdUrl = absoluteHttpUrl(context.argocdUrl);
  const scope = destinationScope(notification, instance);
  const namespace = app.destination.namespace;
  return {
    instance,
    source: argocdUrl ?? `/argocd/${encodeSegment(instance)}`,
    argocdUrl,
    scope,
    environmentId: app.environmentOverride ?? (namespace ? environmentId(scope, namespace) : scope),
    environmentName: app.environmentOverride ?? namespace ?? scope,
    serviceId: serviceId(scope, app.namespace, app.name),
    appUrl: argocdUrl
      ? `${argocdUrl}/applications/${encodeSegment(app.namespace)}/${encodeSegment(app.name)}`
      : undefined,
  };
}
