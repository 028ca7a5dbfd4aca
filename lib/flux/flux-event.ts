import type { InferOutput } from 'valibot';
import type { fluxSeveritySchema } from './flux-event-schema.js';

/** Severities that reach notification-controller (`info`, `error`); `trace` never leaves the cluster. */
export type FluxSeverity = InferOutput<typeof fluxSeveritySchema>;

/**
 * The Kubernetes object a Flux event is about (`corev1.ObjectReference`). Declared rather than
 * inferred: the schema's output also has `uid: undefined` keys; `parseFluxEvent` drops them and
 * its assignment is the compile-time check that the two agree.
 */
export interface FluxInvolvedObject {
  kind: string;
  name: string;
  namespace: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
}

/**
 * A validated Flux event (`fluxcd/pkg` `apis/event/v1beta1.Event`) with metadata normalised
 * to unprefixed keys, as notification-controller forwards it to a `generic` provider.
 * @example
 * {"involvedObject":{"kind":"HelmRelease","namespace":"apps","name":"podinfo","uid":"…","apiVersion":"helm.toolkit.fluxcd.io/v2"},
 *  "severity":"info","timestamp":"2024-07-12T08:56:37Z","message":"Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1",
 *  "reason":"UpgradeSucceeded","metadata":{"revision":"6.6.1","app-version":"6.6.1"},"reportingController":"helm-controller"}
 */
export interface FluxEvent {
  involvedObject: FluxInvolvedObject;
  severity: FluxSeverity;
  /** RFC 3339 time as sent by the controller. */
  timestamp: string;
  /** Human text; may be empty and may span several lines. */
  message: string;
  /** Machine reason, normalised (legacy helm-controller `info`/`error` reasons become e.g. `UpgradeSucceeded`). */
  reason: string;
  /** The reason as sent, only when {@link reason} was normalised from a legacy helm-controller event. */
  originalReason?: string;
  /** Flat string map with unprefixed keys; a null-prototype object. */
  metadata: Readonly<Record<string, string>>;
  reportingController?: string;
  reportingInstance?: string;
}

/** Which wire shape the metadata arrived in. */
export type FluxMetadataShape = 'forwarded' | 'controller-raw';

/** The result of {@link parseFluxEvent}: the event plus what the handler may want to log. */
export interface ParsedFluxEvent {
  event: FluxEvent;
  /** Keys set both by the controller and by an annotation; the controller value was kept (RFC-0008). */
  metadataClashes: readonly string[];
  /** `controller-raw` when keys carried `<group>/` or `event.toolkit.fluxcd.io/` prefixes. */
  metadataShape: FluxMetadataShape;
  /** The reason as sent, when it was normalised from a legacy helm-controller event. */
  originalReason?: string;
}
