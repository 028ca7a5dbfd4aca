import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../lib/http/http-error.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { parseJsonObject } from '../../lib/http/parse-json-object.js';
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
      .toBe("field 'severity' is required; field 'timestamp' is required; field 'reason' is required");
    expect(badRequest({})).toBe("field 'involvedObject' is required; field 'severity' is required; field 'timestamp' is required; field 'reason' is required");
    expect(badRequest({ ...syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' }), involvedObject: { kind: 'HelmRelease', name: '' } }))
      .toBe("field 'involvedObject.name' is required; field 'involvedObject.namespace' is required");
    expect(badRequest({ ...syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' }), reason: null })).toBe("field 'reason' is required");
  });

  it('rejects bodies that are not objects', () => {
    expect(badRequest(null)).toBe('the body must be an object, got null');
    expect(badRequest([])).toBe('the body must be an object, got an array');
    expect(badRequest('{"reason":"x"}')).toBe('the body must be an object, got a string');
  });

  it('rejects wrong types, naming the field and the JSON type only', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    expect(badRequest({ ...body, reason: 42 })).toBe("field 'reason' must be a string, got a number");
    expect(badRequest({ ...body, involvedObject: 'HelmRelease/podinfo' })).toBe("field 'involvedObject' must be an object, got a string");
    expect(badRequest({ ...body, involvedObject: [] })).toBe("field 'involvedObject' must be an object, got an array");
    expect(badRequest({ ...body, message: ['a'] })).toBe("field 'message' must be a string, got an array");
    expect(badRequest({ ...body, reportingController: {} })).toBe("field 'reportingController' must be a string, got an object");
    expect(badRequest({ ...body, involvedObject: { ...(body.involvedObject as object), uid: 7 } })).toBe("field 'involvedObject.uid' must be a string, got a number");
  });

  it('accepts only info and error severities, without repeating the one sent', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    expect(badRequest({ ...body, severity: 'trace' })).toBe('field \'severity\' must be one of ("info" | "error"), got a string');
    expect(badRequest({ ...body, severity: 'Warning' })).not.toContain('Warning');
  });

  it('requires an RFC 3339 timestamp that exists, without repeating the one sent', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    for (const timestamp of ['yesterday', '2024-07-12', '2024-07-12 08:56:37', '2024-02-30T08:56:37Z', '2024-07-12T25:00:00Z', 1720774597]) {
      const message = badRequest({ ...body, timestamp });
      expect(message).toMatch(/^field 'timestamp' (is not an RFC 3339 date-time|must be a string, got a number)$/);
      expect(message).not.toContain(String(timestamp));
    }
    for (const timestamp of ['2024-07-12T08:56:37Z', '2024-07-12T08:56:37.123456789+02:00', '2024-02-29t08:56:37z']) {
      expect(parseFluxEvent({ ...body, timestamp }).event.timestamp).toBe(timestamp);
    }
  });

  it('combines every problem in one message, in Go field order', () => {
    const message = badRequest({ involvedObject: { kind: 'HelmRelease', name: 'podinfo', namespace: 'apps' }, severity: 'debug', timestamp: 'now' });
    expect(message).toBe('field \'severity\' must be one of ("info" | "error"), got a string; field \'timestamp\' is not an RFC 3339 date-time; field \'reason\' is required');
  });

  it('requires metadata to be a flat string map, counting bad values without naming their keys', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    expect(badRequest({ ...body, metadata: 'revision=1' })).toBe("field 'metadata' must be an object of string values, got a string");
    expect(badRequest({ ...body, metadata: ['revision'] })).toBe("field 'metadata' must be an object of string values, got an array");
    // Keys are user text too (Alert eventMetadata, annotations): a secret-looking one must not be echoed.
    const message = badRequest({ ...body, metadata: { revision: '1', 'api-key-Pw9xQz7k': 3, nested: { a: 'b' } } });
    expect(message).toBe("field 'metadata' must be a flat string map: 2 values are not a string");
    expect(badRequest({ ...body, metadata: { revision: 1 } })).toBe("field 'metadata' must be a flat string map: 1 value is not a string");
    expect({ ...parseFluxEvent({ ...body, metadata: null }).event.metadata }).toEqual({});
  });

  it('never repeats a value or key the caller sent, whatever the field', () => {
    const secret = 'Pw-9x!Qz7k';
    const body = {
      involvedObject: { kind: 7, name: [secret], namespace: { [secret]: secret } },
      severity: secret, timestamp: `${secret}T00:00:00Z`, reason: { secret },
      metadata: { [secret]: 1, [`event.toolkit.fluxcd.io/${secret}`]: [secret] }, reportingController: 2,
    };
    const message = badRequest(body);
    expect(message).toContain("field 'involvedObject.kind'");
    expect(message).toContain("field 'metadata' must be a flat string map: 2 values are not a string");
    expect(message).toContain("field 'reportingController' must be a string, got a number");
    expect(message).not.toContain(secret);
    expect(message).not.toContain('Pw');
  });

  it('reads a lone UTF-16 surrogate in any string as U+FFFD, as Go decodes it', () => {
    // Prepare: JSON allows "\ud800"; Go's encoding/json (Flux) decodes it to U+FFFD.
    const body = JSON.parse(JSON.stringify(syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded', metadata: { revision: '1' } }))
      .replace('"podinfo"', '"pod\\ud800info"').replace('"revision":"1"', '"revision":"main@sha1:\\udc00","\\ud83d":"x"')
      .replace('"synthetic InstallSucceeded message"', '"done \\ud83d"'));
    // Act
    const { event } = parseFluxEvent(body);
    // Assess
    expect(event.involvedObject.name).toBe('pod\uFFFDinfo');
    expect(event.message).toBe('done \uFFFD');
    expect({ ...event.metadata }).toEqual({ revision: 'main@sha1:\uFFFD', '\uFFFD': 'x' });
    expect(JSON.stringify(event)).not.toMatch(/\\ud[89a-f]/);
  });

  it('rejects involvedObject names longer than Kubernetes allows, naming the limit', () => {
    const body = syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' });
    const involvedObject = { ...(body.involvedObject as object), name: 'n'.repeat(254), namespace: 'a'.repeat(64) };
    expect(badRequest({ ...body, involvedObject }))
      .toBe("field 'involvedObject.name' is longer than 253 characters; field 'involvedObject.namespace' is longer than 63 characters");
    const longest = { ...(body.involvedObject as object), name: 'n'.repeat(253), namespace: 'a'.repeat(63) };
    expect(parseFluxEvent({ ...body, involvedObject: longest }).event.involvedObject.name).toHaveLength(253);
  });

  it('keeps keys such as constructor and toString as data, and no key reaches a prototype', () => {
    // Prepare: the body as the door hands it over; the door removes the "__proto__" key.
    const text = JSON.stringify(syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' })).replace(
      '"reportingController"',
      '"metadata":{"__proto__":{"polluted":"yes"},"constructor":"x","prototype":"y","toString":"t","event.toolkit.fluxcd.io/__proto__":"z","env":"prod"},"reportingController"',
    );
    // Act
    const { event } = parseFluxEvent(parseJsonObject(Buffer.from(text)));
    // Assess
    expect(Object.keys(event.metadata)).toEqual(['constructor', 'env', 'prototype', 'toString']);
    expect(event.metadata.constructor).toBe('x');
    expect(event.metadata.toString).toBe('t');
    expect(Object.getPrototypeOf(event.metadata)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a __proto__ metadata key even when the door was bypassed', () => {
    // JSON.parse makes "__proto__" an own key, as a raw body would without the door.
    const body = JSON.parse(JSON.stringify(syntheticBody({ kind: 'HelmRelease', reason: 'InstallSucceeded' })).replace(
      '"reportingController"', '"metadata":{"__proto__":"z","env":"prod"},"reportingController"',
    ));
    const { event } = parseFluxEvent(body);
    expect(Object.keys(event.metadata)).toEqual(['env']);
    expect(Object.getPrototypeOf(event.metadata)).toBeNull();
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
