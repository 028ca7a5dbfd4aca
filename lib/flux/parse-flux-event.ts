import { BadRequestError } from '../http/http-error.js';
import { describeType, FieldProblems, isJsonObject, quote } from './field-problems.js';
import type { FluxInvolvedObject, FluxSeverity, ParsedFluxEvent } from './flux-event.js';
import { modernHelmReason } from './legacy-helm-reason.js';
import { normalizeFluxMetadata } from './normalize-metadata.js';
import { isRfc3339 } from '../validation/rfc3339.js';

const SEVERITIES: readonly string[] = ['info', 'error'];
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function readInvolvedObject(value: unknown, problems: FieldProblems): FluxInvolvedObject {
  if (value === undefined || value === null) {
    problems.requiredString(undefined, 'involvedObject');
    return { kind: '', name: '', namespace: '' };
  }
  if (!isJsonObject(value)) {
    problems.add(`field 'involvedObject' must be an object, got ${describeType(value)}`);
    return { kind: '', name: '', namespace: '' };
  }
  const object: FluxInvolvedObject = {
    kind: problems.requiredString(value.kind, 'involvedObject.kind'),
    name: problems.requiredString(value.name, 'involvedObject.name'),
    namespace: problems.requiredString(value.namespace, 'involvedObject.namespace'),
  };
  for (const field of ['uid', 'apiVersion', 'resourceVersion'] as const) {
    const text = problems.optionalString(value[field], `involvedObject.${field}`);
    if (text) object[field] = text;
  }
  return object;
}

function readSeverity(value: unknown, problems: FieldProblems): FluxSeverity {
  const text = problems.requiredString(value, 'severity');
  if (text && !SEVERITIES.includes(text)) {
    problems.add(`field 'severity' must be 'info' or 'error', got ${quote(text)}`);
  }
  return text as FluxSeverity;
}

function readTimestamp(value: unknown, problems: FieldProblems): string {
  const text = problems.requiredString(value, 'timestamp');
  if (text && !isRfc3339(text)) problems.add(`field 'timestamp' is not an RFC 3339 time: ${quote(text)}`);
  return text;
}

/** Copies metadata into a null-prototype string map; prototype keys are skipped, never copied. */
function readMetadata(value: unknown, problems: FieldProblems): Record<string, string> {
  const map: Record<string, string> = Object.create(null);
  if (value === undefined || value === null) return map;
  if (!isJsonObject(value)) {
    problems.add(`field 'metadata' must be an object of string values, got ${describeType(value)}`);
    return map;
  }
  const badKeys: string[] = [];
  for (const [key, entry] of Object.entries(value)) {
    if (FORBIDDEN_KEYS.has(key)) continue;
    if (typeof entry === 'string') map[key] = entry;
    else badKeys.push(quote(key));
  }
  if (badKeys.length > 0) problems.add(`metadata must be a flat string map; key(s) ${badKeys.slice(0, 5).join(', ')} have non-string values`);
  return map;
}

/**
 * Validates an already JSON-parsed Flux event body and normalises it.
 *
 * Accepts what notification-controller POSTs to `generic`/`generic-hmac` providers, the legacy
 * shapes of Flux < 2.3 (leaked `token`, `info`/`error` reasons from helm-controller ≤ v0.36) and the
 * controller-raw shape sent to NC's `--events-addr` (prefixed metadata keys, RFC-0008 merge).
 * @throws BadRequestError naming every missing or invalid field.
 */
export function parseFluxEvent(body: unknown): ParsedFluxEvent {
  if (!isJsonObject(body)) throw new BadRequestError(`a Flux event must be a JSON object, got ${describeType(body)}`);
  const problems = new FieldProblems();
  const involvedObject = readInvolvedObject(body.involvedObject, problems);
  const severity = readSeverity(body.severity, problems);
  const timestamp = readTimestamp(body.timestamp, problems);
  const message = problems.optionalString(body.message, 'message') ?? '';
  const sentReason = problems.requiredString(body.reason, 'reason');
  const reportingController = problems.optionalString(body.reportingController, 'reportingController');
  const reportingInstance = problems.optionalString(body.reportingInstance, 'reportingInstance');
  const rawMetadata = readMetadata(body.metadata, problems);
  problems.throwIfAny();

  const { metadata, clashes, shape } = normalizeFluxMetadata(rawMetadata, involvedObject.apiVersion);
  const modernReason = modernHelmReason(sentReason, message);
  return {
    event: {
      involvedObject, severity, timestamp, message,
      reason: modernReason ?? sentReason,
      ...(modernReason ? { originalReason: sentReason } : {}),
      metadata,
      ...(reportingController ? { reportingController } : {}),
      ...(reportingInstance ? { reportingInstance } : {}),
    },
    metadataClashes: clashes,
    metadataShape: shape,
    ...(modernReason ? { originalReason: sentReason } : {}),
  };
}
