import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createArgoCdWebhook } from '../../lib/webhook/argocd-webhook.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import type { WebhookRuntime } from '../../lib/webhook/webhook-runtime.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { argoFixtureNames, fixtureApplication, loadArgoFixture } from '../helpers/argocd-fixtures.js';
import { startBridge, type RunningBridge } from '../helpers/bridge-harness.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';

const TOKEN = 'e2e-argocd-token-01';
const AUTH = { authorization: `Bearer ${TOKEN}` };
let receiver: CloudEventsReceiver;
let dynamo: ArgoDynalite;
let bridge: RunningBridge;

async function bridgeWith(routes: Record<string, (runtime: WebhookRuntime) => LambdaHttpHandler>, extra: Record<string, string> = {}) {
  return startBridge({ BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: receiver.url, BRIDGE_DELIVERY_TIMEOUT_MS: '1000', ARGOCD_REPLAY_WINDOW_SECONDS: '0', ...extra }, routes, 'argocd');
}

function delivered(): CDEvent[] {
  return receiver.received.map(({ event }) => event.data as CDEvent);
}

function kinds(): string[] {
  return delivered().map((e) => e.context.type.split('.').slice(2, 4).join('.'));
}

beforeAll(async () => {
  receiver = await startCloudEventsReceiver();
  dynamo = await startArgoDynalite();
  bridge = await bridgeWith({ '/argocd': (runtime) => createArgoCdWebhook(runtime) as unknown as LambdaHttpHandler });
});

afterAll(async () => {
  await bridge?.close();
  await dynamo?.close();
  await receiver?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.requests.length = 0;
  receiver.setDefaultResponse(202);
});

describe('Argo CD fixtures through the local server', () => {
  it.each(argoFixtureNames())('%s is answered and every emitted event is valid and delivered', async (name) => {
    const body = name.endsWith('.json') ? loadArgoFixture(name) : { context: { argocdInstance: 'lab' }, app: fixtureApplication(name) };
    const response = await bridge.post('/argocd', JSON.stringify(body), AUTH);
    expect([200, 202]).toContain(response.status);
    const reported = (response.json.events ?? []) as { id: string }[];
    expect(receiver.received.map(({ event }) => event.id)).toEqual(reported.map((e) => e.id));
    for (const { event, headers } of receiver.received) {
      const cdevent = event.data as CDEvent;
      assertValidCDEvent(cdevent);
      expect(event.subject).toBe(cdevent.subject.id);
      expect(headers['ce-time']).toBe(cdevent.context.timestamp);
    }
  });

  it('accepts a bare Application body (a plain toJson .app template)', async () => {
    const app = loadArgoFixture('webhook-body_multisource-helm_sync-succeeded_degraded.json').app;
    const response = await bridge.post('/argocd', JSON.stringify({ ...app, metadata: { ...app.metadata, uid: 'bare-app-uid-0001' } }), AUTH);
    expect(response.status).toBe(202);
    expect(kinds()).toEqual(['incident.detected']);
  });
});

describe('Argo CD bad input', () => {
  it.each([
    ['no credentials', '{}', {}, 401],
    ['an X-Signature instead of a token (Argo CD cannot sign)', '{}', { 'x-signature': 'sha256=00' }, 401],
    ['unparseable JSON', '{"app":', AUTH, 400],
    ['an application without a uid', JSON.stringify({ event: 'deployed', app: { metadata: { name: 'a', namespace: 'argocd' }, spec: {}, status: {} } }), AUTH, 400],
  ])('answers %s with a JSON error and emits nothing', async (_name, body, headers, status) => {
    const response = await bridge.post('/argocd', body, headers as Record<string, string>);
    expect(response.status).toBe(status);
    expect(response.json.status).toBe(status);
    expect(typeof response.json.error).toBe('string');
    expect(receiver.requests).toHaveLength(0);
  });

  it('accepts HTTP basic auth whose password is a token', async () => {
    const sim = new ArgoAppSimulator({ uid: 'basic-auth-uid-0001', sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy' }] });
    const basic = `Basic ${Buffer.from(`argocd:${TOKEN}`).toString('base64')}`;
    const response = await bridge.post('/argocd', JSON.stringify(sim.deploy('a'.repeat(40)).body('deployed')), { authorization: basic });
    expect(response.status).toBe(202);
  });
});

describe('Argo CD lifecycle over HTTP with the DynamoDB store', () => {
  it('reports deploy, upgrade, rollback, one incident and its resolution, and removal', async () => {
    const store = await dynamo.newStore();
    const stateful = await bridgeWith({ '/argocd': (runtime) => createArgoCdWebhook(runtime, store) as unknown as LambdaHttpHandler });
    try {
      const sim = new ArgoAppSimulator({ uid: 'lifecycle-uid-0001', sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy' }] });
      const [v1, v2] = ['1'.repeat(40), '2'.repeat(40)];
      const send = async (body: Record<string, unknown>) => (await stateful.post('/argocd', JSON.stringify(body), AUTH)).status;
      expect(await send(sim.body('created'))).toBeLessThan(300);
      const firstDeploy = sim.deploy(v1).body('deployed');
      expect(await send(firstDeploy)).toBe(202);
      expect(await send(firstDeploy)).toBe(200);
      await send(sim.resync().body('deployed'));
      await send(sim.deploy(v2).body('deployed'));
      await send(sim.deploy(v1).body('deployed'));
      await send(sim.health('Degraded', 'Deployment shop has timed out progressing').body('health-degraded'));
      await send(sim.health('Degraded', 'still degraded').body('health-degraded'));
      await send(sim.health('Healthy').body('health-healthy'));
      await send(sim.health('Healthy').body('health-healthy'));
      await send(sim.delete().body('deleted'));
      expect(kinds()).toEqual([
        'environment.created', 'service.deployed', 'service.upgraded', 'service.rolledback',
        'incident.detected', 'incident.resolved', 'service.removed', 'environment.deleted',
      ]);
      const events = delivered();
      events.forEach(assertValidCDEvent);
      expect(events[5]!.subject.id).toBe(events[4]!.subject.id);
      expect(new Set(events.map((e) => e.context.id)).size).toBe(events.length);
    } finally {
      await stateful.close();
    }
  });

  it('answers 502 when the broker is down and emits the same ids once it is back', async () => {
    const store = await dynamo.newStore();
    const stateful = await bridgeWith({ '/argocd': (runtime) => createArgoCdWebhook(runtime, store) as unknown as LambdaHttpHandler });
    try {
      const sim = new ArgoAppSimulator({ uid: 'retry-uid-0001', sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy' }] });
      const body = JSON.stringify(sim.deploy('3'.repeat(40)).body('deployed'));
      receiver.setDefaultResponse('down');
      const failed = await stateful.post('/argocd', body, AUTH);
      expect(failed.status).toBe(502);
      expect(String(failed.json.error)).toMatch(/http sink/);
      receiver.setDefaultResponse(202);
      const retried = await stateful.post('/argocd', body, AUTH);
      expect(retried.status).toBe(202);
      expect(kinds()).toEqual(['service.deployed']);
      expect(receiver.requests[0]!.headers['ce-id']).toBeDefined();
      expect(receiver.requests.at(-1)!.event?.id).toBe(receiver.requests[0]!.headers['ce-id']);
    } finally {
      await stateful.close();
    }
  });
});

describe('Flux and Argo CD in one broker', () => {
  it('name the same environment with the same id', async () => {
    const both = await bridgeWith({
      '/flux': (runtime) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler,
      '/argocd': (runtime) => createArgoCdWebhook(runtime) as unknown as LambdaHttpHandler,
    }, { BRIDGE_CLUSTER: 'prod-eu-1' });
    try {
      const flux = {
        involvedObject: { kind: 'HelmRelease', namespace: 'shop', name: 'cart', uid: '0a1b2c3d-0000-4000-8000-000000000001', apiVersion: 'helm.toolkit.fluxcd.io/v2' },
        severity: 'info', timestamp: '2026-03-01T10:00:00Z', reason: 'UpgradeSucceeded',
        message: 'Helm upgrade succeeded for release shop/cart.v2 with chart cart@1.2.3', metadata: { revision: '1.2.3' },
        reportingController: 'helm-controller',
      };
      expect((await both.post('/flux', JSON.stringify(flux), AUTH)).status).toBe(202);
      const sim = new ArgoAppSimulator({ uid: 'same-env-uid-0001', destination: { server: 'https://kubernetes.default.svc', namespace: 'shop' }, sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy' }] });
      const argo = sim.deploy('4'.repeat(40)).body('deployed', { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod-eu-1' });
      expect((await both.post('/argocd', JSON.stringify(argo), AUTH)).status).toBe(202);
      const [fluxEvent, argoEvent] = delivered();
      const environmentOf = (e: CDEvent) => (e.subject.content.environment as { id: string }).id;
      expect(environmentOf(fluxEvent!)).toBe('prod-eu-1/shop');
      expect(environmentOf(argoEvent!)).toBe('prod-eu-1/shop');
    } finally {
      await both.close();
    }
  });
});
