import { fastApplication } from './argo-application-schema.js';
import { ARGO_EVENT_NAMES, type ArgoEventName, type ArgoNotification } from './argo-types.js';
import { type Fast, fastOptionalText, fastOptionalTime, isPlainObject, MISS, nullishString } from './fast-path.js';
import { inferArgoEvent } from './infer-event.js';

const EVENT_NAMES: ReadonlySet<string> = new Set(ARGO_EVENT_NAMES);

/** `event`: absent, `null`, or one of {@link ARGO_EVENT_NAMES}. */
function fastEvent(value: unknown): Fast<ArgoEventName | undefined> {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' && EVENT_NAMES.has(value) ? (value as ArgoEventName) : MISS;
}

/** `context`: absent or `null` reads as `{}`; `argocdUrl` as `optionalText`, `argocdInstance` trimmed. */
function fastContext(value: unknown): Fast<ArgoNotification['context']> {
  const context = value === null || value === undefined ? {} : value;
  if (!isPlainObject(context)) return MISS;
  const argocdUrl = fastOptionalText(context.argocdUrl);
  const instance = nullishString(context.argocdInstance);
  if (argocdUrl === MISS || instance === MISS) return MISS;
  return { argocdUrl, argocdInstance: instance?.trim() || undefined };
}

/**
 * The fast path (see `withFastPath`) of `ArgoNotificationSchema` for the bridge's template: a
 * plain object whose `app` is a plain object. It outputs what the schema's final transform does,
 * or `MISS` for anything else (a bare Application, an invalid field), which the schema then reads
 * and reports. Skipping valibot's pipe and object datasets around the Application saves about a
 * tenth of `parseArgoNotification` (issue 9, measured A/B on the benchmark's notification).
 */
export function fastNotification(value: unknown): Fast<ArgoNotification> {
  if (!isPlainObject(value) || !isPlainObject(value.app)) return MISS;
  const event = fastEvent(value.event);
  const sentAt = fastOptionalTime(value.timestamp);
  const context = fastContext(value.context);
  if (event === MISS || sentAt === MISS || context === MISS) return MISS;
  const app = fastApplication(value.app);
  if (app === MISS) return MISS;
  return { event: event ?? inferArgoEvent(app), eventOrigin: event ? 'body' : 'inferred', sentAt, context, app };
}
