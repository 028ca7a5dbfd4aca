import { check, type InferOutput, maxLength, minLength, nullish, picklist, pipe, string, transform, unknown } from 'valibot';
import { jsonObject } from '../validation/json-object-schema.js';
import { describeJsonType, isJsonObject } from '../validation/json-type.js';
import { rfc3339Time } from '../validation/rfc3339-time.js';
import { toWellFormed } from '../text/well-formed-text.js';

/**
 * The fields of a Flux event (`fluxcd/pkg` `apis/event/v1beta1.Event`) as valibot schemas. Go's
 * `omitempty` leaves unset strings out, and older controllers sent `null`, so `null` and `""` read
 * as absent. Messages name fields and counts only: what a caller sent is never repeated.
 *
 * Every string comes out well-formed: a lone UTF-16 surrogate (`"\ud800"`, which JSON allows)
 * becomes U+FFFD, as Go's `encoding/json` decodes it in Flux itself. Ids, purls, the CDEvent body
 * and the `ce-*` headers are then built from the same text and always agree.
 */

/** A string that must be present and not empty (`null` and `""` count as missing). */
const requiredText = pipe(nullish(string(), ''), minLength(1, 'is required'), transform(toWellFormed));

/** An optional string; `null` and `""` read as `undefined`. */
const optionalText = pipe(nullish(string()), transform((value) => (value ? toWellFormed(value) : undefined)));

/**
 * A Kubernetes name: a DNS subdomain has at most 253 characters, a namespace (a DNS label) 63.
 * Longer text cannot name a real object, and it would end up in the `ce-subject` header.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 */
const kubernetesName = (limit: number) => pipe(requiredText, maxLength(limit, `is longer than ${limit} characters`));

/** Longest `involvedObject.kind` and `name` (a DNS subdomain). */
export const MAX_NAME_LENGTH = 253;
/** Longest `involvedObject.namespace` (a DNS label). */
export const MAX_NAMESPACE_LENGTH = 63;

/** Severities that reach notification-controller; `trace` never leaves the cluster. */
const SEVERITIES = ['info', 'error'] as const;

/** `severity`: `info` or `error`. */
export const fluxSeveritySchema = pipe(requiredText, picklist(SEVERITIES));

function countNonStringValues(value: unknown): number {
  let count = 0;
  if (isJsonObject(value)) for (const entry of Object.values(value)) if (typeof entry !== 'string') count += 1;
  return count;
}

/**
 * Copies string values into a null-prototype map, so a key named `constructor` or `toString` is
 * plain data and no key can reach a prototype: even an own `__proto__` key (the door,
 * `parseJsonObject`, removes those; `normalizeFluxMetadata` drops one that gets past it) is
 * only data on a map without a prototype.
 */
export function toStringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = Object.create(null);
  if (!isJsonObject(value)) return map;
  for (const [key, entry] of Object.entries(value)) if (typeof entry === 'string') map[toWellFormed(key)] = toWellFormed(entry);
  return map;
}

/**
 * `metadata`: a flat `map[string]string`. A bad entry is reported by count, not by key: keys come
 * from Alert `eventMetadata` and object annotations, so they are the caller's text too.
 */
const metadataSchema = pipe(
  unknown(),
  check(isJsonObject, (issue) => `must be an object of string values, got ${describeJsonType(issue.input)}`),
  check((value) => countNonStringValues(value) === 0, (issue) => {
    const count = countNonStringValues(issue.input);
    return `must be a flat string map: ${count} ${count === 1 ? 'value is' : 'values are'} not a string`;
  }),
  transform(toStringMap),
);

/** `involvedObject` (`corev1.ObjectReference`): kind, name and namespace are required. */
const involvedObjectSchema = jsonObject({
  kind: kubernetesName(MAX_NAME_LENGTH),
  name: kubernetesName(MAX_NAME_LENGTH),
  namespace: kubernetesName(MAX_NAMESPACE_LENGTH),
  uid: optionalText,
  apiVersion: optionalText,
  resourceVersion: optionalText,
});

/**
 * A Flux event body as notification-controller POSTs it to a `generic` / `generic-hmac` provider,
 * or as a controller POSTs it to NC (`--events-addr`, prefixed metadata keys). Fields are checked
 * in Go field order and every problem is collected, so one 400 names them all. Unknown fields (a
 * leaked top-level `token`, …) are not read. Prefixed keys, the RFC-0008 merge and legacy
 * helm-controller reasons are normalised afterwards, by `parseFluxEvent`.
 * @example
 * {"involvedObject":{"kind":"Kustomization","namespace":"flux-system","name":"my-app-kustomization",
 *   "uid":"351d7dcc-a14b-4a58-b32b-c2e47a0d751d","apiVersion":"kustomize.toolkit.fluxcd.io/v1"},
 *  "severity":"error","timestamp":"2024-07-12T08:54:33Z","message":"kustomization path not found: …",
 *  "reason":"ArtifactFailed","metadata":{"revision":"main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e"},
 *  "reportingController":"kustomize-controller","reportingInstance":"kustomize-controller-6bc5d5b96-j9lw6"}
 */
export const fluxEventSchema = jsonObject({
  involvedObject: involvedObjectSchema,
  severity: fluxSeveritySchema,
  timestamp: pipe(requiredText, rfc3339Time),
  message: pipe(nullish(string(), ''), transform(toWellFormed)),
  reason: requiredText,
  metadata: nullish(metadataSchema, () => ({})),
  reportingController: optionalText,
  reportingInstance: optionalText,
});

/** A checked Flux event body, before metadata and reason normalisation. */
export type CheckedFluxEvent = InferOutput<typeof fluxEventSchema>;
