import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/sample-notifications.js';
import { HttpSink } from '../../lib/sinks/http-sink.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import type { WebhookRuntime } from '../../lib/webhook/webhook-runtime.js';
import { startBridge } from '../helpers/bridge-harness.js';
import { captureOutput, emfBlobs } from '../helpers/capture-output.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startLocalOutbox, startRedrive, waitFor, type LocalOutbox, type RunningRedrive } from '../helpers/local-outbox.js';
import { sinkTableOf } from '../helpers/sink-table.js';

function sampleEvent(n: number): CDEvent {
  return buildCDEvent({
    kind: 'service.deployed', id: deterministicId('outbox-metrics-test', String(n)), source: '/flux/flux-system',
    timestamp: '2024-07-12T08:56:37.000Z', subjectId: `prod/cart-${n}`, content: { environment: { id: 'prod' }, artifactId: 'pkg:oci/cart@sha256:abc' },
  }, '0.5.1');
}

/** The summed value of `metric` in the EMF blobs whose `sink` dimension is `sink`. */
function countOf(output: string, metric: string, sink: string): number {
  return emfBlobs(output).filter((b) => b.sink === sink && typeof b[metric] === 'number').reduce((sum, b) => sum + (b[metric] as number), 0);
}

describe('outbox metrics (CloudWatch EMF)', () => {
  let receiver: CloudEventsReceiver;
  let local: LocalOutbox;
  let redrive: RunningRedrive | undefined;

  beforeEach(async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    receiver = await startCloudEventsReceiver();
    local = await startLocalOutbox({ maxReceives: 2 });
  });
  afterEach(async () => {
    await redrive?.stop();
    redrive = undefined;
    vi.unstubAllEnvs();
    await Promise.all([receiver.close(), local.close()]);
  });

  const sinks = () => sinkTableOf(new HttpSink({ url: receiver.url, baseDelayMs: 1, maxDelayMs: 5, attemptTimeoutMs: 1_000 }));
  const hold = (n: number) => local.sqs.send(new SendMessageCommand({
    QueueUrl: local.queue.queueUrl,
    MessageBody: JSON.stringify({ v: 1, sink: 'http', id: sampleEvent(n).context.id, item: sampleEvent(n), firstFailedAt: '2026-11-26T00:00:00Z', lastError: 'rejected with status 503' }),
  }));

  it('counts queued by sink when a request holds events in the outbox', async () => {
    receiver.setDefaultResponse(503);
    const bridge = await startBridge({ BRIDGE_TOKENS: 'outbox-metrics-token', CDEVENTS_SINK_URL: receiver.url, BRIDGE_OUTBOX_QUEUE_URL: local.queue.queueUrl, BRIDGE_DELIVERY_TIMEOUT_MS: '300' }, {
      '/flux': (runtime: WebhookRuntime) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler,
    });
    try {
      let status = 0;
      const output = await captureOutput(async () => {
        status = (await bridge.post('/flux', JSON.stringify(SAMPLE_FLUX_EVENT), { authorization: 'Bearer outbox-metrics-token' })).status;
      });
      expect(status).toBe(202);
      expect(countOf(output, 'queued', 'http')).toBe(1);
    } finally {
      await bridge.close();
    }
  });

  it('counts redelivered by sink', async () => {
    await hold(1);
    const output = await captureOutput(async () => {
      redrive = startRedrive(local, sinks(), { maxReceives: 2 });
      await waitFor(() => receiver.received.length === 1);
      await waitFor(async () => (await local.depth()).queued === 0);
    });
    expect(countOf(output, 'redelivered', 'http')).toBe(1);
    expect(countOf(output, 'dead', 'http')).toBe(0);
  });

  it('counts dead by sink on the last receive before the dead-letter queue', async () => {
    receiver.setDefaultResponse(503);
    await hold(2);
    const output = await captureOutput(async () => {
      redrive = startRedrive(local, sinks(), { maxReceives: 2 });
      await waitFor(async () => (await local.depth()).dead === 1, 20_000);
    });
    expect(countOf(output, 'dead', 'http')).toBe(1);
    expect(countOf(output, 'redelivered', 'http')).toBe(0);
  });
});
