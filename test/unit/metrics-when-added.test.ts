import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StaticCredentials } from '../../lib/auth/credential-source.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { localContext, toApiGatewayEvent } from '../../lib/local/api-gateway-event.js';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/sample-notifications.js';
import { createLogger } from '../../lib/observability/logger.js';
import { countWithDimension, createMetrics, METRICS_NAMESPACE, metricsNamespace } from '../../lib/observability/metrics.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import { testDeliveryParts } from '../helpers/sink-table.js';
import { captureOutput, emfBlobs } from '../helpers/capture-output.js';

const TOKEN = 'metrics-quiet-token';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('metrics publish only what was added', () => {
  it('Powertools itself warns when a flush finds nothing (what the bridge avoids)', async () => {
    const output = await captureOutput(() => new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'control' }).publishStoredMetrics());
    expect(output).toContain('No application metrics to publish');
  });

  it('a rejected request still counts itself, and no "No application metrics" warning is written', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const config = loadConfig({ BRIDGE_TOKENS: TOKEN });
    const runtime = { config, credentials: new StaticCredentials([TOKEN]), ...testDeliveryParts(), logger: createLogger('flux'), metrics: createMetrics('flux') };
    const event = toApiGatewayEvent('POST', '/flux', { authorization: 'Bearer wrong-token-000', 'content-type': 'application/json' },
      Buffer.from(JSON.stringify(SAMPLE_FLUX_EVENT)), '127.0.0.1');
    let status: number | undefined;
    const output = await captureOutput(async () => {
      status = ((await createFluxWebhook(runtime)(event, localContext('flux', 5_000))) as { statusCode: number }).statusCode;
    });
    expect(status).toBe(401);
    expect(output).not.toContain('No application metrics');
    const rejected = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).find((line) => line._aws && line.rejected !== undefined);
    expect(rejected).toMatchObject({ rejected: 1, status: '401', function: 'flux' });
  });
});

/** The EMF blobs (lines with `_aws`) in what was written. */

describe('counts with a dimension', () => {
  it('are summed per dimension value and written as one EMF blob each when the metrics publish', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = createMetrics('flux');
    const before = await captureOutput(() => {
      for (let i = 0; i < 3; i += 1) countWithDimension(metrics, 'emitted', 'type', 'dev.cdevents.service.deployed.0.3.0');
      countWithDimension(metrics, 'emitted', 'type', 'dev.cdevents.service.upgraded.0.3.0', 2);
      countWithDimension(metrics, 'failed', 'sink', 'http');
    });
    expect(emfBlobs(before)).toEqual([]);
    const blobs = emfBlobs(await captureOutput(() => metrics.publishStoredMetrics()));
    expect(blobs).toHaveLength(3);
    const byValue = Object.fromEntries(blobs.map((blob) => [blob.type ?? blob.sink, blob]));
    expect(byValue['dev.cdevents.service.deployed.0.3.0']).toMatchObject({ emitted: 3, function: 'flux', service: 'cdevents-bridge-flux' });
    expect(byValue['dev.cdevents.service.upgraded.0.3.0']).toMatchObject({ emitted: 2 });
    expect(byValue.http).toMatchObject({ failed: 1, function: 'flux' });
    expect(byValue.http._aws.CloudWatchMetrics).toEqual([
      { Namespace: 'CDEventsBridge', Dimensions: [['service', 'function', 'sink']], Metrics: [{ Name: 'failed', Unit: 'Count' }] },
    ]);
  });

  it('start again from zero after a publish', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = createMetrics('argocd');
    countWithDimension(metrics, 'rejected', 'status', '401');
    await captureOutput(() => metrics.publishStoredMetrics());
    countWithDimension(metrics, 'rejected', 'status', '401');
    const blobs = emfBlobs(await captureOutput(() => metrics.publishStoredMetrics()));
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatchObject({ rejected: 1, status: '401', function: 'argocd' });
    expect(emfBlobs(await captureOutput(() => metrics.publishStoredMetrics()))).toEqual([]);
  });

  it('share the blob of their dimension value with the other counts of that value', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = createMetrics('flux');
    countWithDimension(metrics, 'failed', 'sink', 'eventbridge');
    countWithDimension(metrics, 'retried', 'sink', 'eventbridge', 4);
    const blobs = emfBlobs(await captureOutput(() => metrics.publishStoredMetrics()));
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatchObject({ failed: 1, retried: 4, sink: 'eventbridge' });
  });

  it('write nothing when POWERTOOLS_METRICS_DISABLED is set, and nothing is kept for later', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const metrics = createMetrics('flux');
    countWithDimension(metrics, 'emitted', 'type', 'dev.cdevents.service.deployed.0.3.0');
    metrics.addMetric('received', 'Count', 1);
    expect(emfBlobs(await captureOutput(() => metrics.publishStoredMetrics()))).toEqual([]);
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const enabled = createMetrics('flux');
    countWithDimension(enabled, 'emitted', 'type', 'dev.cdevents.service.deployed.0.3.0');
    expect(emfBlobs(await captureOutput(() => enabled.publishStoredMetrics()))).toHaveLength(1);
  });

  it('go to the namespace in POWERTOOLS_METRICS_NAMESPACE, main metrics included', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'CDEvents Bridge/prod');
    const metrics = createMetrics('flux');
    metrics.addMetric('received', 'Count', 1);
    countWithDimension(metrics, 'emitted', 'type', 'dev.cdevents.service.deployed.0.3.0');
    const blobs = emfBlobs(await captureOutput(() => metrics.publishStoredMetrics()));
    expect(blobs.map((blob) => blob._aws.CloudWatchMetrics[0].Namespace)).toEqual(['CDEvents Bridge/prod', 'CDEvents Bridge/prod']);
    expect(metricsNamespace({})).toBe(METRICS_NAMESPACE);
  });

  it('write the same EMF blob as Powertools\' own single metric, timestamp aside', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const ours = createMetrics('flux');
    countWithDimension(ours, 'emitted', 'type', 'dev.cdevents.service.deployed.0.3.0', 2);
    const [blob] = emfBlobs(await captureOutput(() => ours.publishStoredMetrics()));
    const powertools = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'cdevents-bridge-flux', defaultDimensions: { function: 'flux' } }).singleMetric();
    const [reference] = emfBlobs(await captureOutput(() => powertools.addDimension('type', 'dev.cdevents.service.deployed.0.3.0').addMetric('emitted', 'Count', 2)));
    for (const each of [blob, reference]) each!._aws.Timestamp = 0;
    expect(JSON.stringify(blob)).toBe(JSON.stringify(reference));
  });

  it('any other Metrics writes a single metric at once, as Powertools does', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const plain = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'plain' });
    const blobs = emfBlobs(await captureOutput(() => countWithDimension(plain, 'rejected', 'status', '413')));
    expect(blobs).toHaveLength(1);
    expect(blobs[0]).toMatchObject({ rejected: 1, status: '413', service: 'plain' });
  });

  it('a delivered Flux event counts its CDEvents by type in the invocation that emitted them', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const config = loadConfig({ BRIDGE_TOKENS: TOKEN });
    const sink = { name: 'memory', deliver: async () => undefined };
    const runtime = { config, credentials: new StaticCredentials([TOKEN]), ...testDeliveryParts(sink), logger: createLogger('flux'), metrics: createMetrics('flux') };
    const event = () => toApiGatewayEvent('POST', '/flux', { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      Buffer.from(JSON.stringify(SAMPLE_FLUX_EVENT)), '127.0.0.1');
    const handler = createFluxWebhook(runtime);
    const output = await captureOutput(async () => {
      await handler(event(), localContext('flux', 5_000));
      await handler(event(), localContext('flux', 5_000));
    });
    const emitted = emfBlobs(output).filter((blob) => blob.emitted !== undefined);
    expect(emitted.map((blob) => [blob.type, blob.emitted])).toEqual([
      ['dev.cdevents.service.upgraded.0.3.0', 1],
      ['dev.cdevents.service.upgraded.0.3.0', 1],
    ]);
    expect(emfBlobs(output).filter((blob) => blob.received !== undefined)).toHaveLength(2);
  });
});
