import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StaticCredentials } from '../../lib/auth/credential-source.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { localContext, toApiGatewayEvent } from '../../lib/local/api-gateway-event.js';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/sample-notifications.js';
import { createLogger } from '../../lib/observability/logger.js';
import { createMetrics, METRICS_NAMESPACE } from '../../lib/observability/metrics.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';

const TOKEN = 'metrics-quiet-token';

/** Everything written to stdout and stderr while `action` runs. */
async function captureOutput(action: () => Promise<unknown> | unknown): Promise<string> {
  const written: string[] = [];
  const record = (chunk: string | Uint8Array) => { written.push(String(chunk)); return true; };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(record);
  try {
    await action();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return written.join('');
}

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
    const runtime = { config, credentials: new StaticCredentials([TOKEN]), sinks: [], logger: createLogger('flux'), metrics: createMetrics('flux') };
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
