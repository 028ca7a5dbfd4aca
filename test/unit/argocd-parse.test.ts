import { describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse-notification.js';
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

  it.each([
    ['a non-object body', [], 'argo cd notification must be a JSON object'],
    ['a missing app', { event: 'deployed', timestamp: '2026-01-01T00:00:00Z' }, 'app is required'],
    ['an app that is not an object', { event: 'deployed', app: 'shop' }, 'app must be an object'],
    ['an unknown event', { event: 'exploded', app: {} }, "event must be one of created, deployed, sync-failed, sync-status-unknown, health-degraded, health-healthy, deleted; got 'exploded'"],
    ['an event that is not a string', { event: 7, app: {} }, 'event must be one of'],
    ['a missing metadata', { app: { spec: {} } }, 'app.metadata is required'],
    ['a missing uid', { app: { metadata: { name: 'a', namespace: 'argocd' }, spec: { destination: {} } } }, 'app.metadata.uid is required'],
    ['an empty uid', { app: { metadata: { name: 'a', namespace: 'argocd', uid: '' }, spec: { destination: {} } } }, 'app.metadata.uid is required'],
    ['a numeric name', { app: { metadata: { name: 5, namespace: 'argocd', uid: 'u' }, spec: { destination: {} } } }, 'app.metadata.name must be a string, got a number'],
    ['a missing destination', { app: { metadata: { name: 'a', namespace: 'argocd', uid: 'u' }, spec: {} } }, 'app.spec.destination is required'],
    ['a bad history', { app: { ...app(), status: { history: {} } } }, 'app.status.history must be an array, got an object'],
    ['a bad revision item', { app: { ...app(), status: { sync: { revisions: [1] } } } }, 'app.status.sync.revisions[0] must be a string, got a number'],
    ['a bad time', { app: { ...app(), status: { health: { status: 'Healthy', lastTransitionTime: 'yesterday' } } } }, "app.status.health.lastTransitionTime must be an RFC 3339 date-time, got 'yesterday'"],
    ['a bad body timestamp', { timestamp: 'soon', app: app() }, "timestamp must be an RFC 3339 date-time, got 'soon'"],
    ['a context that is not an object', { context: 'x', app: app() }, 'context must be an object, got a string'],
    ['a numeric argocdUrl', { context: { argocdUrl: 1 }, app: app() }, 'context.argocdUrl must be a string, got a number'],
    ['a source without repoURL', { app: { ...app(), spec: { destination: {}, sources: [{ chart: 'x' }] } } }, 'app.spec.sources[0].repoURL is required'],
  ])('rejects %s with a clear message', (_case, body, message) => {
    expect(badRequest(body)).toContain(message);
  });

  it('never copies prototype-pollution keys and never reads inherited properties', () => {
    const body = JSON.parse(`{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}},
      "app": ${JSON.stringify(app()).replace('"metadata":{', '"metadata":{"__proto__":{"uid":"evil"},')}}`);
    body.app.spec.source.prototype = { polluted: true };
    const n = parseArgoNotification(body);
    expect(n.app.uid).toBe('11111111-2222-3333-4444-555555555555');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(n)).not.toMatch(/polluted|__proto__|evil/);
    const inherited = Object.create({ uid: 'inherited' }) as Record<string, unknown>;
    Object.assign(inherited, { name: 'a', namespace: 'argocd' });
    expect(badRequest({ app: { metadata: inherited, spec: { destination: {} } } })).toBe('app.metadata.uid is required');
  });
});
