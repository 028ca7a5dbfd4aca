import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../lib/http/http-error.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { loadFluxFixture, syntheticBody } from '../helpers/flux-fixtures.js';

function badRequest(body: unknown): string {
  try {
    parseFluxEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).statusCode).toBe(400);
    return (error as Error).message;
  }
  throw new Error('expected a BadRequestError');
}

describe('parseFluxEvent', () => {
  it('parses a forwarded generic body and keeps every field', () => {
    // Prepare
    const body = loadFluxFixture('kustomization-artifact-failed.json');
    // Act
    const { event, metadataClashes, metadataShape } = parseFluxEvent(body);
    // Assess
    expect(event.involvedObject).toEqual({
      kind: 'Kustomization', namespace: 'flux-system', name: 'my-app-kustomization',
      uid: '351d7dcc-a14b-4a58-b32b-c2e47a0d751d', apiVersion: 'kustomize.toolkit.fluxcd.io/v1', resourceVersion: '19365',
    });
    expect(event).toMatchObject({ severity: 'error', reason: 'ArtifactFailed', timestamp: '2024-07-12T08:54:33Z', reportingController: 'kustomize-controller' });
    expect({ ...event.metadata }).toEqual({ revision: 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e' });
    expect(metadataClashes).toEqual([]);
    expect(metadataShape).toBe('forwarded');
  });

  it('accepts a body without metadata and without reportingInstance', () => {
    const { event } = parseFluxEvent(loadFluxFixture('gitrepository-fetched-revision-legacy-v1beta1.json'));
    expect({ ...event.metadata }).toEqual({});
    const body = loadFluxFixture('docs-kustomization-validation-failed-nc-inbound.json');
    expect(parseFluxEvent(body).event.reportingInstance).toBeUndefined();
  });

  it('treats a missing message as empty (it may be empty)', () => {
    const body = syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded' });
    delete body.message;
    expect(parseFluxEvent(body).event.message).toBe('');
  });

  it('names every missing required field in Go field order', () => {
    expect(badRequest(loadFluxFixture('rfc0008-helmrelease-annotation-image-partial.json')))
      .toBe('missing required field(s): severity, timestamp, reason');
    expect(badRequest({})).toBe('missing required field(s): involvedObject, severity, timestamp, reason');
    expect(badRequest({ ...syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' }), involvedObject: { kind: 'HelmRelease', name: '' } }))
      .toBe('missing required field(s): involvedObject.name, involvedObject.namespace');
  });

  it('rejects bodies that are not objects', () => {
    expect(badRequest(null)).toBe('a Flux event must be a JSON object, got null');
    expect(badRequest([])).toBe('a Flux event must be a JSON object, got an array');
    expect(badRequest('{"reason":"x"}')).toBe('a Flux event must be a JSON object, got a string');
  });

  it('rejects wrong types, naming the field', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    expect(badRequest({ ...body, reason: 42 })).toBe("field 'reason' must be a string, got a number");
    expect(badRequest({ ...body, involvedObject: 'HelmRelease/podinfo' })).toBe("field 'involvedObject' must be an object, got a string");
    expect(badRequest({ ...body, message: ['a'] })).toBe("field 'message' must be a string, got an array");
    expect(badRequest({ ...body, reportingController: {} })).toBe("field 'reportingController' must be a string, got an object");
    expect(badRequest({ ...body, involvedObject: { ...(body.involvedObject as object), uid: 7 } })).toBe("field 'involvedObject.uid' must be a string, got a number");
  });

  it('accepts only info and error severities', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    expect(badRequest({ ...body, severity: 'trace' })).toBe("field 'severity' must be 'info' or 'error', got 'trace'");
    expect(badRequest({ ...body, severity: 'Warning' })).toContain("got 'Warning'");
  });

  it('requires an RFC 3339 timestamp that exists', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    for (const timestamp of ['yesterday', '2024-07-12', '2024-07-12 08:56:37', '2024-02-30T08:56:37Z', '2024-07-12T25:00:00Z', 1720774597]) {
      expect(badRequest({ ...body, timestamp })).toMatch(/^field 'timestamp' (is not an RFC 3339 time|must be a string)/);
    }
    for (const timestamp of ['2024-07-12T08:56:37Z', '2024-07-12T08:56:37.123456789+02:00', '2024-02-29t08:56:37z']) {
      expect(parseFluxEvent({ ...body, timestamp }).event.timestamp).toBe(timestamp);
    }
  });

  it('combines missing and invalid fields in one message', () => {
    const message = badRequest({ involvedObject: { kind: 'HelmRelease', name: 'podinfo', namespace: 'apps' }, severity: 'debug', timestamp: 'now' });
    expect(message).toBe("missing required field(s): reason; field 'severity' must be 'info' or 'error', got 'debug'; field 'timestamp' is not an RFC 3339 time: 'now'");
  });

  it('requires metadata to be a flat string map', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    expect(badRequest({ ...body, metadata: 'revision=1' })).toBe("field 'metadata' must be an object of string values, got a string");
    expect(badRequest({ ...body, metadata: { revision: '1', replicas: 3, nested: { a: 'b' } } }))
      .toBe("metadata must be a flat string map; key(s) 'replicas', 'nested' have non-string values");
    expect({ ...parseFluxEvent({ ...body, metadata: null }).event.metadata }).toEqual({});
  });

  it('never copies prototype-pollution keys', () => {
    // Prepare: JSON.parse creates own "__proto__" properties, as a raw body would.
    const body = JSON.parse(JSON.stringify(syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' })).replace(
      '"reportingController"',
      '"metadata":{"__proto__":{"polluted":"yes"},"constructor":"x","prototype":"y","event.toolkit.fluxcd.io/__proto__":"z","env":"prod"},"reportingController"',
    ));
    // Act
    const { event } = parseFluxEvent(body);
    // Assess
    expect(Object.keys(event.metadata)).toEqual(['env']);
    expect(Object.getPrototypeOf(event.metadata)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('normalises legacy helm-controller reasons and remembers the original', () => {
    const parsed = parseFluxEvent(loadFluxFixture('helmrelease-upgrade-succeeded-legacy-revision-token.json'));
    expect(parsed.event.reason).toBe('UpgradeSucceeded');
    expect(parsed.event.originalReason).toBe('info');
    expect(parsed.originalReason).toBe('info');
    expect({ ...parsed.event.metadata }).toEqual({ revision: '0.1.3+2' });
  });

  it.each([
    ['info', 'Helm install succeeded', 'InstallSucceeded'],
    ['info', 'Helm rollback succeeded', 'RollbackSucceeded'],
    ['info', 'Helm uninstall succeeded', 'UninstallSucceeded'],
    ['info', 'Helm test succeeded', 'TestSucceeded'],
    ['error', 'Helm install failed: timed out waiting for the condition', 'InstallFailed'],
    ['error', 'Helm upgrade failed: another operation is in progress', 'UpgradeFailed'],
    ['error', 'Helm test failed: pod podinfo-test failed', 'TestFailed'],
    ['info', 'Helm install has started', 'Progressing'],
    ['info', 'Helm upgrade has started', 'Progressing'],
  ])('maps legacy reason %s with message "%s" to %s', (reason, message, modern) => {
    const body = { ...syntheticBody({ kind: 'HelmRelease', reason, message }), severity: reason };
    expect(parseFluxEvent(body).event).toMatchObject({ reason: modern, originalReason: reason });
  });

  it('keeps legacy info/error reasons whose message is not a Helm action', () => {
    const { event } = parseFluxEvent(loadFluxFixture('gitrepository-fetched-revision-legacy-v1beta1.json'));
    expect(event.reason).toBe('info');
    expect(event.originalReason).toBeUndefined();
    const modern = parseFluxEvent(syntheticBody({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded' }));
    expect(modern.event.originalReason).toBeUndefined();
  });
});
