import { check, type GenericSchema, nullish, picklist, pipe, transform, unknown } from 'valibot';
import { ArgoApplicationSchema } from './argo-application-schema.js';
import { optionalObjectOf, optionalText, optionalTime, trimmedText } from './argo-field-schemas.js';
import { ARGO_EVENT_NAMES, type ArgoNotification } from './argo-types.js';
import { inferArgoEvent } from './infer-event.js';
import { withFastPath } from './fast-path.js';
import { fastNotification } from './fast-notification.js';
import { jsonObject } from '../../validation/json-object-schema.js';
import { isJsonObject } from '../../validation/json-type.js';

/**
 * A body without `app` and `event` whose `metadata` is an object, with `kind: Application` or a
 * `spec` object, is a bare Application (a `{{toJson .app}}` template). Read with plain property
 * access: the body comes from `JSON.parse`, whose objects hold no accessors, and none of these
 * names exists on `Object.prototype`.
 */
function isBareApplication(body: unknown): body is Record<string, unknown> {
  if (!isJsonObject(body) || body.app !== undefined || body.event !== undefined) return false;
  return isJsonObject(body.metadata) && (body.kind === 'Application' || isJsonObject(body.spec));
}

/** A bare Application becomes `{app}`: no event, time or context, and field paths start at `app.`. */
function wrapBareApplication(body: unknown): unknown {
  return isBareApplication(body) ? { app: body } : body;
}

/**
 * `app`: absent and `null` are reported with a hint. (`null` is the default so that the check runs
 * for an absent key too; valibot skips an absent optional key that has no default.)
 */
const appField = pipe(
  nullish(unknown(), null),
  check((value) => value !== null, 'is required (the Application object, sent with {{toJson .app}})'),
  ArgoApplicationSchema,
);

/**
 * An Argo CD notification body, in one of three shapes, as {@link ArgoNotification}:
 *
 * - the bridge's template: `{"event", "timestamp", "context", "app"}`;
 * - the same without `event` (e.g. cdviz's `{timestamp, context, app}` template);
 * - a bare Application object (a plain `{{toJson .app}}` template).
 *
 * Without `event`, the event is inferred from the Application's state ({@link inferArgoEvent});
 * it is `undefined` when the state calls for no event (e.g. a sync still Running). Of `context`,
 * only `argocdUrl` and `argocdInstance` are read. Every time field is strict RFC 3339.
 *
 * @example
 * // A real body from Argo CD's notifications controller (cdviz template; most of `app` left out):
 * {
 *   "timestamp": "2025-10-02T16:57:43.943551Z",
 *   "context": { "argocdUrl": "https://demo.cdviz.dev", "notificationType": "cdviz" },
 *   "app": {
 *     "metadata": { "name": "aaaaaaaaa", "namespace": "argocd", "uid": "bb42b013-3ce1-4207-a409-2898419d8e74",
 *       "creationTimestamp": "2025-08-06T18:09:49Z" },
 *     "spec": { "project": "default",
 *       "destination": { "namespace": "argocd", "server": "https://kubernetes.default.svc" },
 *       "source": { "repoURL": "https://github.com/cdviz-dev/demo-cluster", "path": "4-k8s-gitops", "targetRevision": "HEAD" } },
 *     "status": {
 *       "sync": { "status": "Synced", "revision": "224f6a2da219e7efa4178277707ac90007e133b9" },
 *       "health": { "status": "Healthy", "lastTransitionTime": "2025-09-30T12:01:51Z" },
 *       "operationState": { "phase": "Succeeded", "message": "successfully synced (all tasks run)",
 *         "startedAt": "2025-10-02T16:57:40Z", "finishedAt": "2025-10-02T16:57:43Z",
 *         "operation": { "initiatedBy": { "automated": true } },
 *         "syncResult": { "revision": "224f6a2da219e7efa4178277707ac90007e133b9",
 *           "source": { "repoURL": "https://github.com/cdviz-dev/demo-cluster", "path": "4-k8s-gitops", "targetRevision": "HEAD" } } },
 *       "history": [{ "id": 40, "revision": "224f6a2da219e7efa4178277707ac90007e133b9",
 *         "deployStartedAt": "2025-10-02T16:57:40Z", "deployedAt": "2025-10-02T16:57:43Z",
 *         "initiatedBy": { "automated": true },
 *         "source": { "repoURL": "https://github.com/cdviz-dev/demo-cluster", "path": "4-k8s-gitops", "targetRevision": "HEAD" } }] } }
 * }
 * // parses to { event: 'deployed', eventOrigin: 'inferred', sentAt: '2025-10-02T16:57:43.943Z',
 * //   context: { argocdUrl: 'https://demo.cdviz.dev' }, app: { name: 'aaaaaaaaa', … } }
 *
 * A fast path (`fast-notification.ts`) reads the bridge's template; the schema reads, and reports,
 * everything else.
 */
export const ArgoNotificationSchema = withFastPath(pipe(
  unknown(),
  transform(wrapBareApplication),
  jsonObject({
    event: nullish(picklist(ARGO_EVENT_NAMES)),
    timestamp: optionalTime,
    context: optionalObjectOf({ argocdUrl: optionalText, argocdInstance: trimmedText }),
    app: appField,
  }),
  transform((raw): ArgoNotification => ({
    event: raw.event ?? inferArgoEvent(raw.app),
    eventOrigin: raw.event ? 'body' : 'inferred',
    sentAt: raw.timestamp,
    context: { argocdUrl: raw.context.argocdUrl, argocdInstance: raw.context.argocdInstance },
    app: raw.app,
  })),
) satisfies GenericSchema<unknown, ArgoNotification>, fastNotification);
