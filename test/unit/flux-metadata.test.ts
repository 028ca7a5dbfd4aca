import { describe, expect, it } from 'vitest';
import { normalizeFluxMetadata } from '../../lib/flux/normalize-metadata.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { loadFluxFixture, syntheticBody } from '../helpers/flux-fixtures.js';

const KUSTOMIZE = 'kustomize.toolkit.fluxcd.io/v1';

describe('normalizeFluxMetadata (RFC-0008)', () => {
  it('strips the object group and event prefixes of the controller-raw shape', () => {
    const result = normalizeFluxMetadata({
      'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e',
      'kustomize.toolkit.fluxcd.io/commit_status': 'update',
      'event.toolkit.fluxcd.io/env': 'production',
    }, KUSTOMIZE);
    expect({ ...result.metadata }).toEqual({ commit_status: 'update', env: 'production', revision: 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e' });
    expect(result.shape).toBe('controller-raw');
    expect(result.clashes).toEqual([]);
  });

  it('drops token, digest and checksum controller keys', () => {
    const { metadata } = normalizeFluxMetadata({
      'helm.toolkit.fluxcd.io/revision': '6.6.1',
      'helm.toolkit.fluxcd.io/token': 'config-digest',
      'helm.toolkit.fluxcd.io/digest': 'sha256:abc',
      'helm.toolkit.fluxcd.io/checksum': 'abc',
    }, 'helm.toolkit.fluxcd.io/v2');
    expect({ ...metadata }).toEqual({ revision: '6.6.1' });
  });

  it('keeps only the involved object group: another group prefix is dropped', () => {
    const { metadata } = normalizeFluxMetadata({
      'helm.toolkit.fluxcd.io/revision': 'wrong group',
      'kustomize.toolkit.fluxcd.io/revision': 'v1.0.0@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e',
      'example.com/owner': 'team-a',
    }, KUSTOMIZE);
    expect({ ...metadata }).toEqual({ revision: 'v1.0.0@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e' });
  });

  it('lets the controller key win over an annotation key and reports the clash', () => {
    const result = normalizeFluxMetadata({
      'event.toolkit.fluxcd.io/revision': 'from-annotation',
      'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e',
      'event.toolkit.fluxcd.io/summary': 'annotation summary',
      summary: 'alert summary',
      'event.toolkit.fluxcd.io/deploymentID': 'e076e315',
    }, KUSTOMIZE);
    expect(result.metadata.revision).toBe('main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e');
    expect(result.metadata.summary).toBe('alert summary');
    expect(result.metadata.deploymentID).toBe('e076e315');
    expect(result.clashes).toEqual(['revision', 'summary']);
  });

  it('keeps constructor and toString as data and drops a key that only becomes __proto__ once stripped', () => {
    // Prepare: the door removes a literal "__proto__" key, but not this prefixed one.
    const raw = Object.assign(Object.create(null), {
      'event.toolkit.fluxcd.io/__proto__': 'a', 'event.toolkit.fluxcd.io/constructor': 'b',
      'kustomize.toolkit.fluxcd.io/toString': 'c', 'kustomize.toolkit.fluxcd.io/revision': 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e',
    }) as Record<string, string>;
    // Act
    const { metadata, clashes } = normalizeFluxMetadata(raw, KUSTOMIZE);
    // Assess
    expect(Object.getPrototypeOf(metadata)).toBeNull();
    expect(Object.entries(metadata)).toEqual([
      ['constructor', 'b'], ['revision', 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e'], ['toString', 'c'],
    ]);
    expect(clashes).toEqual([]);
  });

  it('keeps every key of the forwarded shape, except a leaked token', () => {
    const result = normalizeFluxMetadata({ revision: '0.1.3+2', token: 'abcd1234', 'app.kubernetes.io/part-of': 'shop' }, 'helm.toolkit.fluxcd.io/v2beta1');
    expect({ ...result.metadata }).toEqual({ 'app.kubernetes.io/part-of': 'shop', revision: '0.1.3+2' });
    expect(result.shape).toBe('forwarded');
  });

  it('handles an event without apiVersion: only annotations and unprefixed keys survive', () => {
    const { metadata } = normalizeFluxMetadata({ 'event.toolkit.fluxcd.io/image': 'ghcr.io/a/b:1', 'kustomize.toolkit.fluxcd.io/revision': 'x' });
    expect({ ...metadata }).toEqual({ image: 'ghcr.io/a/b:1' });
  });
});

describe('parseFluxEvent with prefixed metadata', () => {
  it('normalises the docs generic sample (prefixed key) to revision', () => {
    const parsed = parseFluxEvent(loadFluxFixture('docs-kustomization-validation-failed-generic.json'));
    expect({ ...parsed.event.metadata }).toEqual({ revision: 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1' });
    expect(parsed.metadataShape).toBe('controller-raw');
  });

  it('returns clashes so the handler can log them', () => {
    const body = syntheticBody({
      kind: 'HelmRelease', reason: 'UpgradeSucceeded',
      metadata: {
        'helm.toolkit.fluxcd.io/revision': '6.6.1', 'helm.toolkit.fluxcd.io/token': 't', 'helm.toolkit.fluxcd.io/app-version': '6.6.1',
        'event.toolkit.fluxcd.io/revision': '9.9.9', 'event.toolkit.fluxcd.io/image': 'ghcr.io/stefanprodan/podinfo:6.5.0',
      },
    });
    const parsed = parseFluxEvent(body);
    expect(parsed.metadataClashes).toEqual(['revision']);
    expect({ ...parsed.event.metadata }).toEqual({ 'app-version': '6.6.1', image: 'ghcr.io/stefanprodan/podinfo:6.5.0', revision: '6.6.1' });
  });
});
