import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { CDEvent } from '../../lib/cdevents/types.js';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createArgoCdWebhook } from '../../lib/webhook/argocd-webhook.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import { startBridge, type RunningBridge } from '../helpers/bridge-harness.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';

// The hand-posted bodies of the "Test the connection" steps in infra/*/README.md, through the real handlers.
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TOKEN = 'connection-test-token-01';
const fluxEvent = readFileSync(join(ROOT, 'infra/flux/test-event.json'));
const argoBody = readFileSync(join(ROOT, 'infra/argocd/test-notification.json'));
const routes = {
  '/flux': (runtime: Parameters<typeof createFluxWebhook>[0]) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler,
  '/argocd': (runtime: Parameters<typeof createArgoCdWebhook>[0]) => createArgoCdWebhook(runtime) as unknown as LambdaHttpHandler,
};

let receiver: CloudEventsReceiver;
const bridges: RunningBridge[] = [];
async function bridge(extra: Record<string, string> = {}): Promise<RunningBridge> {
  const started = await startBridge({ BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: receiver.url, BRIDGE_DELIVERY_TIMEOUT_MS: '1000', ...extra }, routes, 'argocd');
  bridges.push(started);
  return started;
}

beforeAll(async () => {
  receiver = await startCloudEventsReceiver();
});
afterAll(async () => {
  for (const b of bridges) await b.close();
  await receiver?.close();
});

describe('infra/flux/test-event.json', () => {
  // What `openssl dgst -sha256 -hmac "$TOKEN" -hex < file` computes: HMAC-SHA256 over the file's exact bytes.
  const sign = (key: string) => `sha256=${createHmac('sha256', key).update(fluxEvent).digest('hex')}`;

  it('signed as the README shows, is answered 200 ignored and delivers nothing', async () => {
    const b = await bridge();
    receiver.received.length = 0;
    const response = await b.post('/flux', fluxEvent.toString('latin1'), { 'x-signature': sign(TOKEN) });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ignored', reason: expect.any(String) });
    expect(receiver.received).toEqual([]);
  });

  it('signed with another key, is answered 401', async () => {
    const response = await (await bridge()).post('/flux', fluxEvent.toString('latin1'), { 'x-signature': sign('another-token-0001') });
    expect(response.status).toBe(401);
  });
});

describe('infra/argocd/test-notification.json', () => {
  it('has the shape every template of argocd-notifications-cm.yaml renders', () => {
    const data = (parseYaml(readFileSync(join(ROOT, 'infra/argocd/argocd-notifications-cm.yaml'), 'utf8')) as { data: Record<string, string> }).data;
    const events = Object.keys(data).filter((k) => k.startsWith('template.cdevents-')).map((k) => k.slice('template.cdevents-'.length));
    const body = JSON.parse(argoBody.toString('utf8')) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['event', 'timestamp', 'context', 'app']);
    expect(events).toContain(body.event);
  });

  it('is answered 202 with one valid service.deployed event, however old its times, then 200 duplicate', async () => {
    const b = await bridge();
    receiver.received.length = 0;
    const response = await b.post('/argocd', argoBody.toString('utf8'), { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(202);
    const delivered = receiver.received.map(({ event }) => event.data as CDEvent);
    expect(delivered.map((e) => e.context.type)).toEqual([expect.stringMatching(/^dev\.cdevents\.service\.deployed\./)]);
    for (const event of delivered) assertValidCDEvent(event);
    const again = await b.post('/argocd', argoBody.toString('utf8'), { authorization: `Bearer ${TOKEN}` });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: 'ignored', reason: expect.stringContaining('duplicate') });
    expect(receiver.received).toHaveLength(1);
  });

  it('with an age bound of a day, is held back, and the reason names the setting', async () => {
    const b = await bridge({ ARGOCD_MAX_EVENT_AGE_SECONDS: '86400' });
    receiver.received.length = 0;
    const response = await b.post('/argocd', argoBody.toString('utf8'), { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ignored', reason: expect.stringContaining('ARGOCD_MAX_EVENT_AGE_SECONDS') });
    expect(receiver.received).toEqual([]);
  });

  it('without the token, is answered 401', async () => {
    expect((await (await bridge()).post('/argocd', argoBody.toString('utf8'), { authorization: 'Bearer wrong-token-0001' })).status).toBe(401);
  });
});
