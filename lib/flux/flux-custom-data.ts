import type { FluxEvent } from './flux-event.js';
import type { FluxFacts } from './flux-facts.js';

/**
 * A null-prototype copy, so the draft does not share the event's map and a key such as
 * `constructor` stays data. Keys are defined one by one (never merged into an object that has a
 * prototype); prototype keys were removed at the door and by `normalizeFluxMetadata`.
 */
function copyMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = Object.create(null);
  // for…in visits the same own keys in the same order as Object.entries (the map has no prototype), without the pairs.
  for (const key in metadata) copy[key] = metadata[key] as string;
  return copy;
}

/** The Flux part of `customData`: everything Flux sent, with the full message and all metadata. */
export interface FluxCustomData {
  kind: string;
  name: string;
  namespace: string;
  uid?: string;
  apiVersion?: string;
  reason: string;
  originalReason?: string;
  severity: FluxEvent['severity'];
  message: string;
  revision?: string;
  reportingController?: string;
  reportingInstance?: string;
  metadata: Record<string, string>;
}

/** Builds `customData.flux` (CDEvents objects forbid unknown fields, so Flux data lives here). */
export function fluxCustomData(facts: FluxFacts): FluxCustomData {
  const { event } = facts;
  const { kind, name, namespace, uid, apiVersion } = event.involvedObject;
  // Optional members are set in order rather than spread in (the key order is the JSON output's): about 3x faster.
  const data = { kind, name, namespace } as FluxCustomData;
  if (uid) data.uid = uid;
  if (apiVersion) data.apiVersion = apiVersion;
  data.reason = event.reason;
  if (event.originalReason) data.originalReason = event.originalReason;
  data.severity = event.severity;
  data.message = event.message;
  if (facts.revision) data.revision = facts.revision.raw;
  if (event.reportingController) data.reportingController = event.reportingController;
  if (event.reportingInstance) data.reportingInstance = event.reportingInstance;
  data.metadata = copyMetadata(event.metadata);
  return data;
}
