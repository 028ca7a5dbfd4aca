import { ARGO_EVENT_NAMES, type ArgoContext, type ArgoEventName, type ArgoNotification } from './argo-types.js';
import { inferArgoEvent } from './infer-event.js';
import { isJsonObject, optionalObject, optionalString, optionalTime, own, type JsonObject } from './json-fields.js';
import { parseApplication } from './parse-application.js';
import { BadRequestError } from '../http/http-error.js';

/**
 * Validates an Argo CD notification body (already parsed from JSON) in one of three shapes:
 *
 * - the bridge's template: `{"event", "timestamp", "context", "app"}`;
 * - the same without `event` (e.g. cdviz's `{timestamp, context, app}` template);
 * - a bare Application object (a plain `{{toJson .app}}` template).
 *
 * Without `event`, the event is inferred from the Application's state ({@link inferArgoEvent});
 * it is `undefined` when the state calls for no event (e.g. a sync still Running).
 * Only known fields are copied; other keys, including `__proto__`, `constructor` and `prototype`,
 * are never read into the result.
 *
 * @example
 * parseArgoNotification({ event: 'deployed', timestamp: '2025-10-02T16:06:22Z',
 *   context: { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod' }, app: { metadata: {…}, spec: {…}, status: {…} } })
 * @throws BadRequestError naming the missing or invalid field, e.g. `app.metadata.uid is required`.
 */
export function parseArgoNotification(body: unknown): ArgoNotification {
  if (!isJsonObject(body)) throw new BadRequestError('argo cd notification must be a JSON object');
  const wrapped = own(body, 'app') !== undefined || own(body, 'event') !== undefined || !isApplication(body);
  if (!wrapped) {
    const app = parseApplication(body, 'app');
    return { event: inferArgoEvent(app), eventOrigin: 'inferred', context: {}, app };
  }
  const appValue = own(body, 'app');
  if (appValue === undefined || appValue === null) throw new BadRequestError('app is required (the Application object, sent with {{toJson .app}})');
  if (!isJsonObject(appValue)) throw new BadRequestError('app must be an object');
  const event = parseEventName(body);
  const app = parseApplication(appValue, 'app');
  return {
    event: event ?? inferArgoEvent(app),
    eventOrigin: event ? 'body' : 'inferred',
    sentAt: optionalTime(body, 'timestamp', ''),
    context: parseContext(body),
    app,
  };
}

function isApplication(body: JsonObject): boolean {
  return isJsonObject(own(body, 'metadata')) && (own(body, 'kind') === 'Application' || isJsonObject(own(body, 'spec')));
}

function parseEventName(body: JsonObject): ArgoEventName | undefined {
  const value = own(body, 'event');
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(ARGO_EVENT_NAMES as readonly string[]).includes(value)) {
    const shown = typeof value === 'string' ? `'${value.slice(0, 40)}'` : typeof value;
    throw new BadRequestError(`event must be one of ${ARGO_EVENT_NAMES.join(', ')}; got ${shown}`);
  }
  return value as ArgoEventName;
}

function parseContext(body: JsonObject): ArgoContext {
  const context = optionalObject(body, 'context', '');
  if (!context) return {};
  return {
    argocdUrl: optionalString(context, 'argocdUrl', 'context'),
    argocdInstance: optionalString(context, 'argocdInstance', 'context')?.trim() || undefined,
  };
}
