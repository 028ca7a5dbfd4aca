import { describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import { eventType, parseEventKind } from '../../lib/cdevents/event-types.js';
import { gitPurl, ociPurl, genericPurl } from '../../lib/cdevents/purl.js';
import { CDEVENT_KINDS } from '../../lib/cdevents/types.js';
import { schemaErrors } from '../helpers/cdevents-schemas.js';

describe('eventType', () => {
  it('knows the type of every kind in both spec versions', () => {
    for (const kind of CDEVENT_KINDS) {
      for (const spec of ['0.4.1', '0.5.1'] as const) {
        const event = buildCDEvent({ kind, id: 'x', source: '/s', timestamp: '2024-01-01T00:00:00.000Z', subjectId: 's', content: {} }, spec);
        const errors = schemaErrors(event);
        expect(errors.some((e) => e.startsWith('no official schema')), `${kind} ${spec}: ${errors.join()}`).toBe(false);
      }
    }
  });

  it('parses short and full type names', () => {
    expect(parseEventKind('pipelinerun.finished')).toBe('pipelinerun.finished');
    expect(parseEventKind('dev.cdevents.pipelinerun.finished.0.3.0')).toBe('pipelinerun.finished');
    expect(parseEventKind('dev.cdevents.pipelinerun.finished.0.2.0')).toBe('pipelinerun.finished');
    expect(parseEventKind('dev.cdevents.pipelinerun.finished.9.9.9')).toBeUndefined();
    expect(parseEventKind('service.exploded')).toBeUndefined();
    expect(eventType('change.created', '0.5.1')).toBe('dev.cdevents.change.created.0.4.0');
  });
});

describe('buildCDEvent', () => {
  const draft = {
    kind: 'testcaserun.finished' as const,
    id: deterministicId('a'),
    source: '/flux',
    timestamp: '2024-07-12T08:56:37.000Z',
    subjectId: 'apps/podinfo',
    content: { outcome: 'success', environment: { id: 'prod' } },
    customData: { flux: { reason: 'TestSucceeded' } },
  };

  it('renders 0.5.1 and 0.4.1 events that pass their official schemas', () => {
    const v05 = buildCDEvent(draft, '0.5.1');
    const v04 = buildCDEvent(draft, '0.4.1');
    expect(schemaErrors(v05)).toEqual([]);
    expect(schemaErrors(v04)).toEqual([]);
    expect(v04.subject.content.outcome).toBe('pass');
    expect(v04.subject.type).toBe('testCaseRun');
    expect(v05.context.specversion).toBe('0.5.1');
  });

  it('renames uri to url for 0.4.1 environments', () => {
    const env = buildCDEvent({ ...draft, kind: 'environment.modified', content: { name: 'prod', uri: 'https://k8s.example.com' } }, '0.4.1');
    expect(env.subject.content).toEqual({ name: 'prod', url: 'https://k8s.example.com' });
    expect(schemaErrors(env)).toEqual([]);
  });
});

describe('deterministicId', () => {
  it('is stable and shaped like a version 5 UUID', () => {
    expect(deterministicId('a', 'b')).toBe(deterministicId('a', 'b'));
    expect(deterministicId('a', 'b')).not.toBe(deterministicId('ab'));
    expect(deterministicId('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  // Expected values from Python's uuid.uuid5 with the bridge's namespace 6f1d5a0e-4b3c-4d2a-9e8f-7a6b5c4d3e2f.
  it('matches an independent RFC 9562 version 5 implementation, for long and non-ASCII names too', () => {
    expect(deterministicId('a', 'b')).toBe('e69dd7e7-bb96-5d72-9f19-4a1feac974f9');
    expect(deterministicId('x'.repeat(6000))).toBe('aab500fd-c37f-58a4-8530-6655f96f9727');
    expect(deterministicId('\u00e9\u4e2d\u{1F600}')).toBe('ca5cc1a5-d5a2-5c62-9fa0-e70b9429548b');
    // A lone surrogate is hashed as U+FFFD, as UTF-8 encoding replaces it.
    expect(deterministicId('a\ud800b')).toBe('e63f28e9-6df3-5533-81f2-ac7c7a2ec5f4');
  });
});

describe('purl builders', () => {
  it('builds OCI purls with an encoded digest', () => {
    expect(ociPurl('ghcr.io/stefanprodan/charts/podinfo', 'sha256:0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5', '6.6.1'))
      .toBe('pkg:oci/podinfo@sha256%3A0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5?repository_url=ghcr.io/stefanprodan/charts/podinfo&tag=6.6.1');
  });

  it('builds git purls for hosted and other forges', () => {
    expect(gitPurl('https://github.com/cdviz-dev/demo-cluster', 'abc')).toBe('pkg:github/cdviz-dev/demo-cluster@abc');
    expect(gitPurl('git@gitea.example.com:team/app.git', 'abc')).toBe('pkg:git/gitea.example.com/team/app@abc');
    expect(gitPurl('not a url', 'abc')).toBeUndefined();
  });

  it('encodes versions with build metadata', () => {
    expect(genericPurl('podinfo', '6.6.1+0cc9a8446c95')).toBe('pkg:generic/podinfo@6.6.1%2B0cc9a8446c95');
  });
});
