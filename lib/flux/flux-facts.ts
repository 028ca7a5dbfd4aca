import { environmentId, serviceId } from '../cdevents/subject-ids.js';
import { knownArtifactId } from './flux-artifact.js';
import type { FluxEvent } from './flux-event.js';
import { getRevision, parseRevision, type FluxRevision } from './parse-revision.js';
import { toWellFormed } from '../text/well-formed-text.js';
import { toIsoTimestamp } from '../validation/rfc3339.js';

/** Per-deployment settings of {@link mapFluxEvent}. */
export interface FluxMapOptions {
  /** Scope (cluster name) used when the event has no `cluster` metadata (`BRIDGE_CLUSTER`). */
  cluster: string;
  /** Environment id used when the event has no `environment`/`env` metadata. */
  defaultEnvironment?: string;
  /** `context.source`; default `/flux/<scope>`. */
  source?: string;
}

/** Everything the content builders need, derived once per event. */
export interface FluxFacts {
  event: FluxEvent;
  scope: string;
  source: string;
  /** The event time, normalised as `toISOString()` writes it. */
  timestamp: string;
  environmentId: string;
  serviceId: string;
  /** `<scope>/<namespace>/<kind>/<name>`: the Flux object, distinct across kinds. */
  objectId: string;
  /** `commit` → `originRevision` → `revision`, parsed. */
  revision?: FluxRevision;
  /** A purl when the event names a version, digest or revision. */
  artifactId?: string;
  outcome: 'success' | 'failure';
  /** A periodic status refresh (`ReconciliationSucceeded`) with a revision: deduplicated per revision. */
  periodic: boolean;
  /** Identifies this occurrence: the revision of a periodic event, else the timestamp. */
  occurrence: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/**
 * `/flux/<scope>`, each path segment percent-encoded so the result is a URI reference. A lone
 * surrogate becomes U+FFFD first: `encodeURIComponent` would throw on it.
 */
function defaultSource(scope: string): string {
  if (scope === lastSource.scope) return lastSource.source;
  const source = `/flux/${toWellFormed(scope).split('/').map(encodeURIComponent).join('/')}`;
  lastSource = { scope, source };
  return source;
}

/** The last scope's source: nearly every event has the same scope (`BRIDGE_CLUSTER`). */
let lastSource = { scope: '', source: '/flux/' };

/**
 * Derives ids and references from an event: scope = metadata `cluster` ?? `options.cluster`;
 * environment = metadata `environment` ?? `env` ?? `options.defaultEnvironment` ?? `<scope>/<namespace>`.
 */
export function deriveFluxFacts(event: FluxEvent, options: FluxMapOptions): FluxFacts {
  const { kind, name, namespace } = event.involvedObject;
  const { metadata } = event;
  const scope = nonEmpty(metadata.cluster) ?? options.cluster;
  const rawRevision = getRevision(metadata);
  const revision = rawRevision ? parseRevision(rawRevision) : undefined;
  const periodic = revision !== undefined && (event.reason === 'ReconciliationSucceeded' || metadata.commit_status === 'update');
  const timestamp = toIsoTimestamp(event.timestamp);
  const artifactId = knownArtifactId(event, revision);
  const facts: FluxFacts = {
    event,
    scope,
    source: options.source ?? defaultSource(scope),
    timestamp,
    environmentId: nonEmpty(metadata.environment) ?? nonEmpty(metadata.env) ?? nonEmpty(options.defaultEnvironment) ?? environmentId(scope, namespace),
    serviceId: serviceId(scope, namespace, name),
    objectId: `${scope}/${namespace}/${kind}/${name}`,
    outcome: event.severity === 'error' ? 'failure' : 'success',
    periodic,
    occurrence: periodic && revision ? revision.raw : timestamp,
  };
  // Set rather than spread in: spreading optional members made this the slowest step of a mapping.
  if (revision) facts.revision = revision;
  if (artifactId) facts.artifactId = artifactId;
  return facts;
}
