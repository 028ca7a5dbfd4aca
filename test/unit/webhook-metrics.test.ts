import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StaticCredentials } from '../../lib/auth/credential-source.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { localContext } from '../../lib/local/api-gateway-event.js';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/startup-banner.js';
import { createLogger } from '../../lib/observability/logger.js';
import { createMetrics } from '../../lib/observability/metrics.js';
import type { Sink } from '../../lib/sinks/sink.js';
import { SinkError } from '../../lib/sinks/sink.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import { testDeliveryParts } from '../helpers/sink-table.js';
import { captureOutput } from '../helpers/capture-output.js';

const TOKEN = 'metrics-token-0001';

function apiEvent(body: unknown, token = TOKEN): APIGatewayProxyEventV2 {
  return {
    version: '2.0', routeKey: 'POST /flux', rawPath: '/flux', rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST' }, requestId: 'req-1' } as APIGatewayProxyEventV2['requestContext'],
    isBase64Encoded: false, body: JSON.stringify(body),
  };
}

/** Runs the Flux handler with metrics and logs on, and returns what it wrote to standard output. */
async function run(sink: Sink, event: APIGatewayProxyEventV2): Promise<{ response: APIGatewayProxyStructuredResultV2; lines: Record<string, any>[] }> {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('LOG_LEVEL', 'INFO');
  let response: APIGatewayProxyStructuredResultV2 | undefined;
  // The logger writes warnings and errors to stderr, the rest and the EMF lines to stdout.
  const output = await captureOutput(async () => {
    const config = loadConfig({ BRIDGE_TOKENS: TOKEN });
    const runtime = { config, credentials: new StaticCredentials([TOKEN]), ...testDeliveryParts(sink), logger: createLogger('flux'), metrics: createMetrics('flux') };
    response = (await createFluxWebhook(runtime)(event, localContext('flux', 5_000))) as APIGatewayProxyStructuredResultV2;
  });
  const lines = output.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  return { response: response!, lines };
}

function metricNames(lines: Record<string, any>[]): string[] {
  return lines.filter((l) => l._aws).flatMap((l) => l._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name));
}

const okSink: Sink = { name: 'memory', deliver: async () => undefined };
const downSink: Sink = { name: 'broker', deliver: async () => { throw new SinkError('broker', 'status 503'); } };

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('webhook metrics and logs', () => {
  it('emits received and emitted (by type) as EMF, and logs with a correlation id', async () => {
    const { response, lines } = await run(okSink, apiEvent(SAMPLE_FLUX_EVENT));
    expect(response.statusCode).toBe(202);
    expect(metricNames(lines)).toEqual(expect.arrayContaining(['received', 'emitted']));
    const emitted = lines.find((l) => l._aws && l.emitted !== undefined);
    expect(emitted!.type).toBe('dev.cdevents.service.upgraded.0.3.0');
    expect(emitted!.function).toBe('flux');
    const log = lines.find((l) => l.message === 'events delivered');
    expect(log!.correlationId).toBe('req-1');
    expect(JSON.stringify(lines)).not.toContain(TOKEN);
  });

  it('counts ignored events', async () => {
    const { response, lines } = await run(okSink, apiEvent({ ...SAMPLE_FLUX_EVENT, reason: 'DependencyNotReady' }));
    expect(response.statusCode).toBe(200);
    expect(metricNames(lines)).toContain('ignored');
  });

  it('counts failures by sink and rejections by status, never logging the token', async () => {
    const failed = await run(downSink, apiEvent(SAMPLE_FLUX_EVENT));
    expect(failed.response.statusCode).toBe(502);
    const failure = failed.lines.find((l) => l._aws && l.failed !== undefined);
    expect(failure!.sink).toBe('broker');
    const rejected = await run(okSink, apiEvent(SAMPLE_FLUX_EVENT, 'wrong-token-0000'));
    expect(rejected.response.statusCode).toBe(401);
    expect(rejected.lines.find((l) => l._aws && l.rejected !== undefined)!.status).toBe('401');
    expect(JSON.stringify(rejected.lines)).not.toContain('wrong-token-0000');
  });
});
