import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalHash } from '../../lib/text/canonical-json.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { BadRequestError } from '../../lib/http/http-error.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { fixtureApplication, loadArgoFixture } from '../helpers/argocd-fixtures.js';

function app(): Record<string, any> {
  return new ArgoAppSimulator({ sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' }] })
    .deploy('0123456789abcdef0123456789abcdef01234567').app;
}

function badRequest(body: unknown): string {
  try {
    parseArgoNotification(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    return (error as Error).message;
  }
  throw new Error('expected a BadRequestError');
}

describe('parseArgoNotification', () => {
  it('reads the bridge template body with its event, time and context', () => {
    const n = parseArgoNotification({ event: 'deployed', timestamp: '2026-03-01T10:01:30Z', context: { argocdUrl: 'https://argocd.example.com', argocdInstance: ' prod ', notificationType: 'cdevents-bridge' }, app: app() });
    expect(n).toMatchObject({ event: 'deployed', eventOrigin: 'body', sentAt: '2026-03-01T10:01:30.000Z', context: { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod' } });
    expect(n.context).not.toHaveProperty('notificationType');
    expect(n.app).toMatchObject({ name: 'shop', namespace: 'argocd', uid: '11111111-2222-3333-4444-555555555555' });
  });

  it('parses the real body of the schema\'s @example as its comment says', () => {
    const source = readFileSync(new URL('../../lib/argocd/parse/argo-notification-schema.ts', import.meta.url), 'utf8');
    const example = source.split('@example')[1]!.split('// parses to')[0]!.split('\n').slice(2);
    const n = parseArgoNotification(JSON.parse(example.map((line) => line.replace(/^ \* ?/, '')).join('\n')));
    expect(n).toMatchObject({ event: 'deployed', eventOrigin: 'inferred', sentAt: '2025-10-02T16:57:43.943Z', context: { argocdUrl: 'https://demo.cdviz.dev' }, app: { name: 'aaaaaaaaa' } });
    expect(n.context).toEqual({ argocdUrl: 'https://demo.cdviz.dev', argocdInstance: undefined });
  });

  it('accepts sync-status-unknown as an event', () => {
    expect(parseArgoNotification({ event: 'sync-status-unknown', app: app() }).event).toBe('sync-status-unknown');
  });

  it('infers the event when the body has none, from the captured and the bare shapes', () => {
    const captured = loadArgoFixture('webhook-body_multisource-helm_being-deleted.json');
    expect(parseArgoNotification(captured)).toMatchObject({ event: 'deleted', eventOrigin: 'inferred', context: { argocdUrl: 'https://demo.cdviz.dev' } });
    expect(parseArgoNotification(fixtureApplication('application_helm-chart_sync-failed_retried.yaml')).event).toBe('sync-failed');
  });

  it('infers nothing for a sync that is still Running with a healthy app', () => {
    const running = app();
    running.status.operationState.phase = 'Running';
    running.status.health.status = 'Progressing';
    expect(parseArgoNotification({ app: running }).event).toBeUndefined();
  });

  it('infers health-healthy for a Healthy app whose last operation wrote no history entry', () => {
    const resynced = app();
    resynced.status.operationState.startedAt = '2026-03-01T11:00:00Z';
    expect(parseArgoNotification(resynced).event).toBe('health-healthy');
  });

  it('reads null and empty strings as absent, and trims the instance and the environment annotation', () => {
    const a = app();
    Object.assign(a.spec, { project: '' });
    Object.assign(a.metadata, { creationTimestamp: '', annotations: { 'cdevents-bridge/environment': '  ' } });
    Object.assign(a.status, { sync: null, conditions: null, reconciledAt: null });
    a.status.operationState.syncResult = null;
    const n = parseArgoNotification({ event: null, timestamp: '', context: { argocdUrl: null, argocdInstance: ' \t' }, app: a });
    expect(n).toMatchObject({ event: 'deployed', eventOrigin: 'inferred', context: {} });
    expect(JSON.parse(JSON.stringify(n.context))).toEqual({});
    expect(n.sentAt).toBeUndefined();
    expect(n.app).toMatchObject({ sync: { revisions: [] }, conditions: [] });
    for (const key of ['project', 'creationTimestamp', 'environmentOverride', 'reconciledAt'] as const) expect(n.app[key]).toBeUndefined();
    expect(n.app.operationState?.syncResult).toBeUndefined();
  });

  it('keeps only the summary of a source and hashes the source as received', () => {
    const source = { repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0', path: '', helm: { values: 'password: x' } };
    const a = app();
    a.spec.source = source;
    const [parsed] = parseArgoNotification(a).app.specSources;
    expect(parsed).toEqual({ repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0' });
    expect(Object.keys(parsed!)).toEqual(['repoURL', 'chart', 'path', 'targetRevision', 'ref']);
    expect(parsed!.contentHash).toBe(canonicalHash(source));
  });

  it.each([
    ['a non-object body', [], 'the body must be an object, got an array'],
    ['a missing app', { event: 'deployed', timestamp: '2026-01-01T00:00:00Z' }, "field 'app' is required (the Application object, sent with {{toJson .app}})"],
    ['a null app', { event: 'deployed', app: null }, "field 'app' is required (the Application object, sent with {{toJson .app}})"],
    ['an app that is not an object', { app: 'shop' }, "field 'app' must be an object, got a string"],
    ['an app that is an array', { app: [] }, "field 'app' must be an object, got an array"],
    ['a missing metadata', { app: { spec: { destination: {} } } }, "field 'app.metadata' is required"],
    ['a missing uid', { app: { metadata: { name: 'a', namespace: 'argocd' }, spec: { destination: {} } } }, "field 'app.metadata.uid' is required"],
    ['an empty uid', { app: { metadata: { name: 'a', namespace: 'argocd', uid: '' }, spec: { destination: {} } } }, "field 'app.metadata.uid' is required"],
    ['a null uid', { app: { metadata: { name: 'a', namespace: 'argocd', uid: null }, spec: { destination: {} } } }, "field 'app.metadata.uid' is required"],
    ['a numeric name', { app: { metadata: { name: 5, namespace: 'argocd', uid: 'u' }, spec: { destination: {} } } }, "field 'app.metadata.name' must be a string, got a number"],
    ['a missing destination', { app: { metadata: { name: 'a', namespace: 'argocd', uid: 'u' }, spec: {} } }, "field 'app.spec.destination' is required"],
    ['a bad history', { app: { ...app(), status: { history: {} } } }, "field 'app.status.history' must be an array, got an object"],
    ['a bad history id', { app: { ...app(), status: { history: [{ id: '7' }] } } }, "field 'app.status.history.0.id' must be a number, got a string"],
    ['an infinite history id', { app: { ...app(), status: { history: [{ id: Number.POSITIVE_INFINITY }] } } }, "field 'app.status.history.0.id' must be a finite number"],
    ['a bad revision item', { app: { ...app(), status: { sync: { revisions: [1] } } } }, "field 'app.status.sync.revisions.0' must be a string, got a number"],
    ['a context that is not an object', { context: 'x', app: app() }, "field 'context' must be an object, got a string"],
    ['a numeric argocdUrl', { context: { argocdUrl: 1 }, app: app() }, "field 'context.argocdUrl' must be a string, got a number"],
    ['a numeric environment annotation', { app: { ...app(), metadata: { ...app().metadata, annotations: { 'cdevents-bridge/environment': 1 } } } }, "field 'app.metadata.annotations.cdevents-bridge/environment' must be a string, got a number"],
    ['a source without repoURL', { app: { ...app(), spec: { destination: {}, sources: [{ chart: 'x' }] } } }, "field 'app.spec.sources.0.repoURL' is required"],
    ['a source that is an array', { app: { ...app(), spec: { destination: {}, source: [] } } }, "field 'app.spec.source' must be an object, got an array"],
  ])('rejects %s with a message naming the field', (_case, body, message) => {
    expect(badRequest(body)).toBe(message);
  });

  it('names every problem at once, and never the values it rejects', () => {
    const message = badRequest({ event: 'exploded-secret', timestamp: 'soon-secret', context: { argocdInstance: 7 }, app: { metadata: { name: 'n' }, spec: {} } });
    expect(message).toBe([
      "field 'event' must be one of (\"created\" | \"deployed\" | \"sync-failed\" | \"sync-status-unknown\" | \"health-degraded\" | \"health-healthy\" | \"deleted\"), got a string",
      "field 'timestamp' is not an RFC 3339 date-time",
      "field 'context.argocdInstance' must be a string, got a number",
      "field 'app.metadata.namespace' is required",
      "field 'app.metadata.uid' is required",
      "field 'app.spec.destination' is required",
    ].join('; '));
    expect(message).not.toMatch(/secret|exploded|soon/);
  });

  it('never copies prototype-pollution keys', () => {
    const body = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},
      "app": ${JSON.stringify(app()).replace('"metadata":{', '"metadata":{"__proto__":{"uid":"evil"},')}}`);
    body.app.spec.source.prototype = { polluted: true };
    body.app.spec.source.constructor = { prototype: { polluted: true } };
    const n = parseArgoNotification(body);
    expect(n.app.uid).toBe('11111111-2222-3333-4444-555555555555');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(n)).not.toMatch(/polluted|__proto__|evil/);
    const clean = app();
    expect(n.app.specSources[0]!.contentHash).toBe(canonicalHash(clean.spec.source));
  });
});

/** Where each Argo CD time field lives, with the path its error names. */
const TIME_FIELDS: [string, (body: Record<string, any>, value: unknown) => void][] = [
  ['timestamp', (body, value) => { body.timestamp = value; }],
  ['app.metadata.creationTimestamp', (body, value) => { body.app.metadata.creationTimestamp = value; }],
  ['app.metadata.deletionTimestamp', (body, value) => { body.app.metadata.deletionTimestamp = value; }],
  ['app.status.operationState.startedAt', (body, value) => { body.app.status.operationState.startedAt = value; }],
  ['app.status.operationState.finishedAt', (body, value) => { body.app.status.operationState.finishedAt = value; }],
  ['app.status.history.0.deployStartedAt', (body, value) => { body.app.status.history[0].deployStartedAt = value; }],
  ['app.status.history.0.deployedAt', (body, value) => { body.app.status.history[0].deployedAt = value; }],
  ['app.status.health.lastTransitionTime', (body, value) => { body.app.status.health.lastTransitionTime = value; }],
  ['app.status.conditions.0.lastTransitionTime', (body, value) => { body.app.status.conditions = [{ type: 'SyncError', lastTransitionTime: value }]; }],
  ['app.status.reconciledAt', (body, value) => { body.app.status.reconciledAt = value; }],
];

/** Strings `new Date()` accepts (or turns into another day) that RFC 3339 does not allow. */
const BAD_TIMES = [
  '1', '2024', 'Jul 12 2024', '2024-07-12', '2024-02-30T00:00:00Z', '2024-13-01T00:00:00Z', '2023-02-29T00:00:00Z',
  '2024-07-12T24:00:00Z', '2024-07-12T08:60:00Z', '2024-07-12T08:56:60Z', '2024-07-12T08:56:37', '2024-07-12 08:56:37Z',
  '2024-07-12T08:56:37+24:00', '2024-07-12T08:56:37.Z', ' 2024-07-12T08:56:37Z', 'Fri, 12 Jul 2024 08:56:37 GMT',
];

/** Valid RFC 3339 times and their `toISOString()` form, which ids and dedupe keys are built from. */
const GOOD_TIMES: [string, string][] = [
  ['2024-07-12T08:56:37Z', '2024-07-12T08:56:37.000Z'],
  ['2024-07-12T10:56:37+02:00', '2024-07-12T08:56:37.000Z'],
  ['2024-07-12T08:56:37.123456Z', '2024-07-12T08:56:37.123Z'],
  ['2024-07-12t07:26:37.5-01:30', '2024-07-12T08:56:37.500Z'],
  ['2024-02-29T23:59:59z', '2024-02-29T23:59:59.000Z'],
];

function timeBody(set: (body: Record<string, any>, value: unknown) => void, value: unknown) {
  const body: Record<string, any> = { event: 'deployed', timestamp: '2026-03-01T10:01:30Z', app: app() };
  set(body, value);
  return body;
}

describe('Argo CD time fields are strict RFC 3339', () => {
  describe.each(TIME_FIELDS)('%s', (path, set) => {
    it.each(BAD_TIMES)('rejects %j naming the field and not the value', (value) => {
      expect(badRequest(timeBody(set, value))).toBe(`field '${path}' is not an RFC 3339 date-time`);
    });

    it('rejects a time that is not a string', () => {
      expect(badRequest(timeBody(set, 1720774597))).toBe(`field '${path}' must be a string, got a number`);
    });

    it.each(GOOD_TIMES)('normalises %s to %s', (value, normalised) => {
      const n = parseArgoNotification(timeBody(set, value));
      const read: Record<string, string | undefined> = {
        timestamp: n.sentAt,
        'app.metadata.creationTimestamp': n.app.creationTimestamp,
        'app.metadata.deletionTimestamp': n.app.deletionTimestamp,
        'app.status.operationState.startedAt': n.app.operationState?.startedAt,
        'app.status.operationState.finishedAt': n.app.operationState?.finishedAt,
        'app.status.history.0.deployStartedAt': n.app.history[0]?.deployStartedAt,
        'app.status.history.0.deployedAt': n.app.history[0]?.deployedAt,
        'app.status.health.lastTransitionTime': n.app.health.lastTransitionTime,
        'app.status.conditions.0.lastTransitionTime': n.app.conditions[0]?.lastTransitionTime,
        'app.status.reconciledAt': n.app.reconciledAt,
      };
      expect(read[path]).toBe(normalised);
    });
  });
});
