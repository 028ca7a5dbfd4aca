import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import { fluxSignature, startBridge, useLocalAws, type RunningBridge } from '../helpers/bridge-harness.js';
import { assertValidCDEvent, FIXTURES_ROOT } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startFakeAws, type FakeAws } from '../helpers/fake-aws.js';

const TOKEN = 'e2e-flux-token-0001';
const FLUX_DIR = join(FIXTURES_ROOT, 'flux');
const FIXTURES = readdirSync(FLUX_DIR).filter((f) => f.endsWith('.json')).sort();
const fluxRoute = { '/flux': (runtime: Parameters<typeof createFluxWebhook>[0]) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler };

let aws: FakeAws;
let receiver: CloudEventsReceiver;
let bridge: RunningBridge;

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    BRIDGE_TOKEN_SECRET_ID: 'bridge-inbound',
    CDEVENTS_SINK_URL: receiver.url,
    CDEVENTS_EVENT_BUS: 'gitops',
    BRIDGE_CLUSTER: 'prod-eu-1',
    BRIDGE_DELIVERY_TIMEOUT_MS: '1500',
    ...extra,
  };
}

function signed(body: string): Record<string, string> {
  return { 'x-signature': fluxSignature(body, TOKEN), 'gotk-component': 'kustomize-controller' };
}

beforeAll(async () => {
  aws = await startFakeAws();
  useLocalAws(aws.endpoint);
  aws.setSecret('bridge-inbound', JSON.stringify({ tokens: [TOKEN] }));
  receiver = await startCloudEventsReceiver();
  bridge = await startBridge(env(), fluxRoute);
});

afterAll(async () => {
  await bridge?.close();
  await receiver?.close();
  await aws?.close();
});

beforeEach(() => {
  receiver.received.length = 0;
  receiver.requests.length = 0;
  receiver.setDefaultResponse(202);
  aws.reset();
});

describe('Flux fixtures through the local server', () => {
  it.each(FIXTURES)('%s is answered and every emitted event is delivered and valid', async (file) => {
    const body = readFileSync(join(FLUX_DIR, file), 'utf8');
    const response = await bridge.post('/flux', body, signed(body));
    if (file.includes('-partial')) {
      expect(response.status).toBe(400);
      expect(String(response.json.error)).toMatch(/field 'severity' is required/);
      expect(receiver.requests).toHaveLength(0);
      return;
    }
    expect([200, 202]).toContain(response.status);
    const events = (response.json.events ?? []) as { id: string; type: string; subject: string }[];
    expect(receiver.received).toHaveLength(events.length);
    expect(aws.acceptedEntries).toHaveLength(events.length);
    receiver.received.forEach(({ event, headers }, i) => {
      const cdevent = event.data as CDEvent;
      assertValidCDEvent(cdevent);
      expect(headers['content-type']).toMatch(/^application\/json/);
      expect(event.id).toBe(cdevent.context.id);
      expect(event.type).toBe(cdevent.context.type);
      expect(event.source).toBe(cdevent.context.source);
      expect(event.subject).toBe(cdevent.subject.id);
      expect(headers['ce-time']).toBe(cdevent.context.timestamp);
      expect(event.id).toBe(events[i]!.id);
      const detail = JSON.parse(aws.acceptedEntries[i]!.Detail!);
      expect(detail.id).toBe(cdevent.context.id);
      expect(detail.data).toEqual(cdevent);
      expect(aws.acceptedEntries[i]!.DetailType).toBe(cdevent.context.type);
    });
  });

  it('gives a redelivered event the same CDEvent id', async () => {
    const body = readFileSync(join(FLUX_DIR, 'kustomization-artifact-failed.json'), 'utf8');
    const first = await bridge.post('/flux', body, signed(body));
    const second = await bridge.post('/flux', body, signed(body));
    expect(first.status).toBe(202);
    expect(second.json.events).toEqual(first.json.events);
    expect(receiver.received[0]!.event.id).toBe(receiver.received[1]!.event.id);
  });
});

describe('Flux bad input', () => {
  const body = readFileSync(join(FLUX_DIR, 'kustomization-artifact-failed.json'), 'utf8');

  it.each([
    ['no credentials', {}, 401, /missing credentials/],
    ['a wrong bearer token', { authorization: 'Bearer wrong-token-000' }, 401, /not accepted/],
    ['a signature keyed with another token', { 'x-signature': fluxSignature(body, 'other-token-000') }, 401, /invalid X-Signature/],
    ['a non-JSON content type', { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' }, 415, /not supported/],
  ])('answers %s with a JSON error and emits nothing', async (_name, headers, status, message) => {
    const response = await bridge.post('/flux', body, headers as Record<string, string>);
    expect(response.status).toBe(status);
    expect(response.json).toMatchObject({ status });
    expect(String(response.json.error)).toMatch(message);
    expect(JSON.stringify(response.json)).not.toContain(TOKEN);
    expect(receiver.requests).toHaveLength(0);
    expect(aws.putEventsEntries).toHaveLength(0);
  });

  it.each([
    ['unparseable JSON', '{"involvedObject":', 400, /not valid JSON/],
    ['a JSON array', '[]', 400, /must be a JSON object/],
    ['an object without required fields', '{"involvedObject":{"kind":"Kustomization"}}', 400, /field 'involvedObject.name' is required/],
  ])('answers %s with 400', async (_name, payload, status, message) => {
    const response = await bridge.post('/flux', payload, signed(payload));
    expect(response.status).toBe(status);
    expect(String(response.json.error)).toMatch(message);
    expect(response.json.error).not.toMatch(/ at .*\.ts:\d+/);
    expect(receiver.requests).toHaveLength(0);
  });

  it('answers 413 for a body over the limit', async () => {
    const big = JSON.stringify({ message: 'x'.repeat(bridge.config.maxBodyBytes) });
    const response = await bridge.post('/flux', big, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(413);
    expect(String(response.json.error)).toContain(String(bridge.config.maxBodyBytes));
  });
});

describe('Flux delivery failures', () => {
  const body = readFileSync(join(FLUX_DIR, 'kustomization-artifact-failed.json'), 'utf8');

  it('retries a broker that answers 503 then 429, within the budget', async () => {
    receiver.respondWith(503, { status: 429, retryAfter: 0 });
    const response = await bridge.post('/flux', body, signed(body));
    expect(response.status).toBe(202);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 429, 202]);
  });

  it('answers 502 naming the HTTP sink when the broker is down, so Flux retries', async () => {
    receiver.setDefaultResponse('down');
    const started = Date.now();
    const response = await bridge.post('/flux', body, signed(body));
    expect(response.status).toBe(502);
    expect(String(response.json.error)).toMatch(/^delivery failed: http sink/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('answers 502 naming EventBridge when an entry keeps failing with a non-retryable code', async () => {
    // An object of its own: a POST the test before aborted at its deadline can still reach the
    // receiver after the reset, and would count here if the event were the same.
    const own = body.replace('"name": "my-app-kustomization"', '"name": "eventbridge-denied"');
    expect(own).not.toBe(body);
    aws.failEntries(() => 'AccessDeniedException', 5);
    const response = await bridge.post('/flux', own, signed(own));
    expect(response.status).toBe(502);
    expect(String(response.json.error)).toMatch(/eventbridge sink: .*AccessDeniedException/);
    expect(receiver.received.filter((delivery) => JSON.stringify(delivery.event).includes('eventbridge-denied'))).toHaveLength(1);
  });

  it('resends only throttled entries and then succeeds', async () => {
    aws.failEntries(() => 'ThrottlingException', 1);
    const response = await bridge.post('/flux', body, signed(body));
    expect(response.status).toBe(202);
    expect(aws.acceptedEntries).toHaveLength(1);
  });
});

describe('Flux credentials from Secrets Manager', () => {
  it('caches the secret and accepts the pending token during a rotation', async () => {
    const rotating = await startBridge(env({ BRIDGE_TOKEN_SECRET_ID: 'rotating' }), fluxRoute);
    try {
      aws.setSecret('rotating', JSON.stringify({ tokens: [TOKEN] }));
      aws.setSecret('rotating', 'next-token-000001', 'AWSPENDING');
      const body = readFileSync(join(FLUX_DIR, 'kustomization-progressing-applied.json'), 'utf8');
      for (let i = 0; i < 5; i += 1) {
        expect((await rotating.post('/flux', body, { authorization: `Bearer ${TOKEN}` })).status).toBeLessThan(300);
      }
      expect((await rotating.post('/flux', body, { authorization: 'Bearer next-token-000001' })).status).toBeLessThan(300);
      expect(aws.getSecretValueCount()).toBe(2);
    } finally {
      await rotating.close();
    }
  });

  it('answers 503 when the secret cannot be read', async () => {
    const missing = await startBridge(env({ BRIDGE_TOKEN_SECRET_ID: 'does-not-exist' }), fluxRoute);
    try {
      const response = await missing.post('/flux', '{}', { authorization: `Bearer ${TOKEN}` });
      expect(response.status).toBe(503);
      expect(response.json.error).toBe('credential store unavailable; retry later');
    } finally {
      await missing.close();
    }
  });
});

describe('Flux output options', () => {
  const body = readFileSync(join(FLUX_DIR, 'kustomization-artifact-failed.json'), 'utf8');

  it('emits schema-valid CDEvents 0.4.1 in structured mode when configured', async () => {
    const legacy = await startBridge(env({ CDEVENTS_SPEC_VERSION: '0.4.1', CDEVENTS_SINK_MODE: 'structured' }), fluxRoute);
    try {
      const response = await legacy.post('/flux', body, signed(body));
      expect(response.status).toBe(202);
      const [received] = receiver.received;
      expect(received!.headers['content-type']).toMatch(/^application\/cloudevents\+json/);
      const cdevent = received!.event.data as CDEvent;
      expect(cdevent.context.version).toBe('0.4.1');
      expect(cdevent.context.type).toBe('dev.cdevents.incident.detected.0.2.0');
      assertValidCDEvent(cdevent);
    } finally {
      await legacy.close();
    }
  });
});
