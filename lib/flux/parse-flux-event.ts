import { safeParse } from 'valibot';
import { BadRequestError } from '../http/http-error.js';
import { describeIssues } from '../validation/describe-issues.js';
import { isJsonObject } from '../validation/json-type.js';
import { type CheckedFluxEvent, fluxEventSchema } from './flux-event-schema.js';
import type { FluxEvent, FluxInvolvedObject, ParsedFluxEvent } from './flux-event.js';
import { modernHelmReason } from './legacy-helm-reason.js';
import { normalizeFluxMetadata } from './normalize-metadata.js';
import { readPlainFluxEvent } from './plain-flux-event.js';

/**
 * The declared {@link FluxInvolvedObject} from the checked one: the assignment below is the
 * compile-time proof that the schema's output fits the declared type; absent fields are left out
 * rather than kept as `undefined` keys.
 */
function toInvolvedObject(checked: CheckedFluxEvent['involvedObject']): FluxInvolvedObject {
  const { kind, name, namespace, uid, apiVersion, resourceVersion }: FluxInvolvedObject = checked;
  // Optional members are set rather than spread in (here and below): spreads were a tenth of the parse.
  const involvedObject: FluxInvolvedObject = { kind, name, namespace };
  if (uid) involvedObject.uid = uid;
  if (apiVersion) involvedObject.apiVersion = apiVersion;
  if (resourceVersion) involvedObject.resourceVersion = resourceVersion;
  return involvedObject;
}

/** The schema's full check: what it gives, or every problem it found. */
function checkWithSchema(body: unknown): CheckedFluxEvent {
  const result = safeParse(fluxEventSchema, body);
  if (!result.success) throw new BadRequestError(describeIssues(result.issues));
  return result.output;
}

/**
 * Validates an already JSON-parsed Flux event body and normalises it.
 *
 * Accepts what notification-controller POSTs to `generic`/`generic-hmac` providers, the legacy
 * shapes of Flux < 2.3 (leaked `token`, `info`/`error` reasons from helm-controller ≤ v0.36) and the
 * controller-raw shape sent to NC's `--events-addr` (prefixed metadata keys, RFC-0008 merge).
 * @throws BadRequestError naming every missing or invalid field (never the values sent).
 */
export function parseFluxEvent(body: unknown): ParsedFluxEvent {
  const checked = (isJsonObject(body) ? readPlainFluxEvent(body) : undefined) ?? checkWithSchema(body);
  const involvedObject = toInvolvedObject(checked.involvedObject);
  const { severity, timestamp, message, reportingController, reportingInstance } = checked;
  const { metadata, clashes, shape } = normalizeFluxMetadata(checked.metadata, involvedObject.apiVersion);
  const modernReason = modernHelmReason(checked.reason, message);
  const event = { involvedObject, severity, timestamp, message, reason: modernReason ?? checked.reason } as FluxEvent;
  if (modernReason) event.originalReason = checked.reason;
  event.metadata = metadata;
  if (reportingController) event.reportingController = reportingController;
  if (reportingInstance) event.reportingInstance = reportingInstance;
  const parsed: ParsedFluxEvent = { event, metadataClashes: clashes, metadataShape: shape };
  if (modernReason) parsed.originalReason = checked.reason;
  return parsed;
}
