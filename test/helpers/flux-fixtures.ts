import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import type { CDEvent, CDEventDraft } from '../../lib/cdevents/types.js';
import type { FluxEvent } from '../../lib/flux/flux-event.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { assertValidCDEvent, FIXTURES_ROOT } from './cdevents-schemas.js';

/** `shared/fixtures/flux`: verbatim public Flux payloads (see its SOURCES.md). */
export const FLUX_FIXTURES_DIR = join(FIXTURES_ROOT, 'flux');

/** Every fixture file name (`*.json`), sorted. */
export function fluxFixtureNames(): string[] {
  return readdirSync(FLUX_FIXTURES_DIR).filter((name) => name.endsWith('.json')).sort();
}

/** A fixture body, freshly parsed from disk so tests may mutate it. */
export function loadFluxFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(FLUX_FIXTURES_DIR, name), 'utf8')) as Record<string, unknown>;
}

/** A 40-hex commit and a 64-hex digest used by the synthetic events. */
export const COMMIT = '07a684d59d1bc9a58e0c0d07ed480812b2b9a29e';
export const DIGEST = 'sha256:0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5';

const OBJECTS = {
  HelmRelease: { namespace: 'apps', name: 'podinfo', apiVersion: 'helm.toolkit.fluxcd.io/v2', controller: 'helm-controller' },
  Kustomization: { namespace: 'flux-system', name: 'apps', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', controller: 'kustomize-controller' },
  GitRepository: { namespace: 'flux-system', name: 'flux-system', apiVersion: 'source.toolkit.fluxcd.io/v1', controller: 'source-controller' },
  OCIRepository: { namespace: 'flux-system', name: 'podinfo', apiVersion: 'source.toolkit.fluxcd.io/v1', controller: 'source-controller' },
  HelmChart: { namespace: 'flux-system', name: 'apps-podinfo', apiVersion: 'source.toolkit.fluxcd.io/v1', controller: 'source-controller' },
  ImagePolicy: { namespace: 'flux-system', name: 'podinfo', apiVersion: 'image.toolkit.fluxcd.io/v1', controller: 'image-reflector-controller' },
  ImageRepository: { namespace: 'flux-system', name: 'podinfo', apiVersion: 'image.toolkit.fluxcd.io/v1', controller: 'image-reflector-controller' },
  ImageUpdateAutomation: { namespace: 'flux-system', name: 'flux-system', apiVersion: 'image.toolkit.fluxcd.io/v1', controller: 'image-automation-controller' },
} as const;

/** Kinds {@link syntheticBody} can build. */
export type SyntheticKind = keyof typeof OBJECTS;

/** Parts of a synthetic event; anything not given gets a realistic default. */
export interface SyntheticParts {
  kind: SyntheticKind;
  reason: string;
  severity?: 'info' | 'error';
  message?: string;
  metadata?: Record<string, string>;
  timestamp?: string;
}

/**
 * A SYNTHETIC current-format event body (no public capture exists for these shapes), built from
 * the shapes in docs/flux.md §5 and §5b. Metadata is as notification-controller forwards it.
 */
export function syntheticBody(parts: SyntheticParts): Record<string, unknown> {
  const object = OBJECTS[parts.kind];
  return {
    involvedObject: {
      kind: parts.kind, namespace: object.namespace, name: object.name,
      uid: `00000000-0000-4000-8000-${Object.keys(OBJECTS).indexOf(parts.kind).toString().padStart(12, '0')}`,
      apiVersion: object.apiVersion, resourceVersion: '19516',
    },
    severity: parts.severity ?? (/Failed$|Error$|Detected$/.test(parts.reason) ? 'error' : 'info'),
    timestamp: parts.timestamp ?? '2024-07-12T08:56:37Z',
    message: parts.message ?? `synthetic ${parts.reason} message`,
    reason: parts.reason,
    ...(parts.metadata ? { metadata: parts.metadata } : {}),
    reportingController: object.controller,
    reportingInstance: `${object.controller}-6bc5d5b96-j9lw6`,
  };
}

/** {@link syntheticBody}, parsed. */
export function syntheticEvent(parts: SyntheticParts): FluxEvent {
  return parseFluxEvent(syntheticBody(parts)).event;
}

/** helm-controller metadata for an OCI chartRef (§5b). */
export const HELM_OCI_METADATA = { 'app-version': '6.6.1', 'oci-digest': DIGEST, revision: '6.6.1+0cc9a8446c95' };

/**
 * Renders each draft for spec 0.5.1 and 0.4.1 and asserts both pass the official schemas.
 * @returns the 0.5.1 events.
 */
export function expectValidDrafts(drafts: readonly CDEventDraft[]): CDEvent[] {
  return drafts.map((draft) => {
    assertValidCDEvent(buildCDEvent(draft, '0.4.1'));
    const event = buildCDEvent(draft, '0.5.1');
    assertValidCDEvent(event);
    expect(event.context.id).toBe(draft.id);
    return event;
  });
}
