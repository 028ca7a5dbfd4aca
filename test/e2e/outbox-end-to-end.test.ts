import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { sampleArgoCdNotification } from '../../lib/local/sample-notifications.js';
import { createArgoCdWebhook } from '../../lib/webhook/argocd-webhook.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import type { WebhookRuntime } from '../../lib/webhook/webhook-runtime.js';
import { startBridge, type RunningBridge } from '../helpers/bridge-harness.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { syntheticBody } from '../helpers/flux-fixtures.js';
import { startLocalOutbox, startRedrive, waitFor, type LocalOutbox, type RunningRedrive } from '../helpers/local-outbox.js';
import { ARGOCD_SENDER, FLUX_SENDER, sendLikeSender, type SenderModel } from '../helpers/sender-models.js';

const TOKEN = 'e2e-outbox-token-0001';
const routes = {
  '/flux': (runtime: WebhookRuntime) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler,
  '/argocd': (runtime: WebhookRuntime) => createArgoCdWebhook(runtime) as unknown as LambdaHttpHandler,
};

/** A distinct Flux Kustomization event: one revision per `n`. */
function fluxBody(n: number): string {
  const revision = `main@sha1:${n.toString(16).padStart(40, '0')}`;
  return JSON.stringify(syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision, env: 'production' }, timestamp: new Date(Date.UTC(2026, 10, 26, 0, 0, n % 60, 0) + Math.floor(n / 60) * 60_000).toISOString().replace('.000Z', 'Z') }));
}

/** A distinct Argo CD deployment: one app per `n`. */
function argoBody(n: number): string {
  const notification = sampleArgoCdNotification(new Date()) as { app: { metadata: Record<string, string> } };
  notification.app.metadata.name = `guestbook-${n}`;
  notification.app.metadata.uid = `0b7c2f4e-3a1d-4e5f-8a9b-${n.toString().padStart(12, '0')}`;
  return JSON.stringify(notification);
}

describe('the outbox through the real handlers', () => {
  let receiver: CloudEventsReceiver;
  let local: LocalOutbox;
  let bridge: RunningBridge;
  let redrive: RunningRedrive | undefined;

  async function start(extra: Record<string, string> = {}): Promise<void> {
    bridge = await startBridge({
      BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: receiver.url, BRIDGE_OUTBOX_QUEUE_URL: local.queue.queueUrl,
      BRIDGE_DEFAULT_ENVIRONMENT: 'production', ...extra,
    }, routes);
  }
  const post = (path: string, body: string, signal?: AbortSignal) => fetch(`${bridge.url}${path}`, {
    method: 'POST', body, signal, headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
  });

  beforeEach(async () => {
    receiver = await startCloudEventsReceiver();
    local = await startLocalOutbox({ maxReceives: 130, visibilityTimeoutSeconds: 30 });
  });
  afterEach(async () => {
    await redrive?.stop();
    redrive = undefined;
    await Promise.all([bridge?.close(), receiver.close()]);
    await local.close();
  });

  it('answers 202 with the queued ids while the sink is down, then delivers them once it is back', async () => {
    await start();
    receiver.setDefaultResponse(503);
    const response = await post('/flux', fluxBody(1));
    const json = await response.json() as { status: string; events: { id: string }[]; queued: { id: string; sink: string }[] };
    expect(response.status).toBe(202);
    expect(json.queued).toEqual([{ id: json.events[0]!.id, sink: 'http' }]);
    expect((await local.depth()).queued).toBe(1);
    receiver.setDefaultResponse(202);
    redrive = startRedrive(local, bridge.runtime.sinks, { breaker: bridge.runtime.breaker, maxReceives: 130 });
    await waitFor(() => receiver.received.length === 1);
    expect(receiver.received[0]!.event.id).toBe(json.events[0]!.id);
    assertValidCDEvent(JSON.parse(receiver.received[0]!.body));
  });

  it('answers 503 with Retry-After when the outbox cannot hold the events, and the Argo CD claim is released', async () => {
    // Circuit closed at once: the retry must try the sink again, not the refusing outbox.
    await start({ BRIDGE_OUTBOX_QUEUE_URL: local.queue.queueUrl.replace(/[^/]+$/, 'missing-queue'), BRIDGE_CIRCUIT_OPEN_SECONDS: '0' });
    receiver.setDefaultResponse(503);
    const first = await post('/argocd', argoBody(1));
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect(await first.json()).toMatchObject({ status: 503, error: expect.stringMatching(/^the outbox could not hold 1 of 1 entries: .*; retry later$/) });
    // Argo CD retries: with the sink back, the same notification is emitted, not ignored as a duplicate.
    receiver.setDefaultResponse(202);
    const retried = await post('/argocd', argoBody(1));
    expect(retried.status).toBe(202);
    expect(receiver.received).toHaveLength(1);
  });

  it('loses nothing and duplicates nothing when the sink is down for 60 s under Flux and Argo CD retry behaviour', { timeout: 150_000 }, async () => {
    await start();
    redrive = startRedrive(local, bridge.runtime.sinks, { breaker: bridge.runtime.breaker, maxReceives: 130, maxBackoffSeconds: 10 });
    receiver.setDefaultResponse('down');
    const sends: Promise<{ model: SenderModel; delivered: boolean; slowestAnswerMs: number }>[] = [];
    const started = Date.now();
    // About 440 Flux events and 110 Argo CD deployments spread over the 60 s outage (bounded loop).
    for (let n = 0; n < 600 && Date.now() - started < 60_000; n++) {
      const [model, path, body] = n % 5 === 4 ? [ARGOCD_SENDER, '/argocd', argoBody(n)] as const : [FLUX_SENDER, '/flux', fluxBody(n)] as const;
      sends.push(sendLikeSender(model, async (signal) => (await post(path, body, signal)).status).then((r) => ({ model, ...r })));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sentIds = new Set<string>();
    const results = await Promise.all(sends);
    receiver.setDefaultResponse(202);
    expect(results.filter((r) => !r.delivered)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(400);
    for (const r of results) expect(r.slowestAnswerMs).toBeLessThan(r.model.overallTimeoutMs ?? 15_000);
    const { queued } = await local.depth();
    expect(queued).toBe(results.length);
    await waitFor(async () => (await local.depth()).queued === 0, 60_000);
    for (const r of receiver.received) {
      expect(sentIds.has(r.event.id), `duplicate ${r.event.id}`).toBe(false);
      sentIds.add(r.event.id);
    }
    expect(sentIds.size).toBe(queued);
    expect((await local.depth()).dead).toBe(0);
  });
});
