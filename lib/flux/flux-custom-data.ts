import type { FluxEvent } from './flux-event.js';
import type { FluxFacts } from './flux-facts.js';

/**
 * A null-prototype copy, so the draft does not share the event's map and a key such as
 * `constructor` stays data. Keys are defined one by one (never merged into an object that has a
 * prototype); prototype keys were removed at the door and by `normalizeFluxMetadata`.
 */
function copyMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(metadata)) copy[key] = value;
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
  return {
    kind, name, namespace,
    ...(uid ? { uid } : {}),
    ...(apiVersion ? { apiVersion } : {}),
    reason: event.reason,
    ...(event.originalReason ? { originalReason: event.originalReason } : {}),
    severity: event.severity,
    message: event.message,
    ...(facts.revision ? { revision: facts.revision.raw } : {}),
    ...(event.reportingController ? { reportingController: event.reportingController } : {}),
    ...(event.reportingInstance ? { reportingInstance: event.reportingInstance } : {}),
    metadata: copyMetadata(event.metadata),
  };
}
