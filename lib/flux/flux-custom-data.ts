import type { FluxEvent } from './flux-event.js';
import type { FluxFacts } from './flux-facts.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function copyMetadata(metadata: Readonly<Record<string, string>>): Record<string, string> {
  const copy: Record<string, string> = Object.create(null);
  for (const [key, value] of Object.entries(metadata)) if (!FORBIDDEN_KEYS.has(key)) copy[key] = value;
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
