import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countWithDimension, createMetrics, METRICS_NAMESPACE } from '../../lib/observability/metrics.js';
import { EmfLines } from '../../lib/observability/emf-lines.js';
import { captureOutput } from '../helpers/capture-output.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** The same calls on Powertools' own Metrics and on {@link createMetrics}'s, timestamps replaced. */
async function bothWrite(calls: (metrics: Metrics) => void): Promise<{ powertools: string; bridge: string }> {
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const run = (metrics: Metrics) => captureOutput(() => {
    calls(metrics);
    metrics.publishStoredMetrics();
    calls(metrics);
    metrics.publishStoredMetrics();
  });
  const powertools = await run(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'cdevents-bridge-flux', defaultDimensions: { function: 'flux' } }));
  const bridge = await run(createMetrics('flux'));
  const stamp = (text: string) => text.replace(/"Timestamp":\d+/g, '"Timestamp":0');
  return { powertools: stamp(powertools), bridge: stamp(bridge) };
}

describe('plain counts', () => {
  it('are written as the line Powertools writes', async () => {
    const { powertools, bridge } = await bothWrite((metrics) => {
      metrics.addMetric('received', 'Count', 1);
      metrics.addMetric('ignored', 'Count', 1);
      metrics.addMetric('received', 'Count', 2);
    });
    expect(bridge).toBe(powertools);
    expect(bridge).toContain('"received":[1,2],"ignored":1');
  });

  it('go to Powertools in order with other units, dimensions and metadata', async () => {
    const cases: ((metrics: Metrics) => void)[] = [
      (metrics) => { metrics.addMetric('received', 'Count', 1); metrics.addMetric('latency', 'Milliseconds', 5); metrics.addMetric('ignored', 'Count', 1); },
      (metrics) => { metrics.addMetric('received', 'Count', 1); metrics.addDimension('route', 'flux'); metrics.addMetric('ignored', 'Count', 1); },
      (metrics) => { metrics.addMetadata('request', 'r-1'); metrics.addMetric('received', 'Count', 1); },
      (metrics) => { metrics.addMetric('fast', 'Count', 1, 1); metrics.addMetric('received', 'Count', 1); },
    ];
    for (const calls of cases) {
      const { powertools, bridge } = await bothWrite(calls);
      expect(bridge).toBe(powertools);
    }
  });

  it('come after the dimensioned counts, in one write', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const metrics = createMetrics('flux');
    const output = await captureOutput(() => {
      metrics.addMetric('received', 'Count', 1);
      countWithDimension(metrics, 'emitted', 'type', 'dev.cdevents.service.deployed.0.3.0');
      metrics.publishStoredMetrics();
    });
    const lines = output.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines.map((line) => Object.keys(line).at(-1))).toEqual(['emitted', 'received']);
  });
});

describe('EmfLines', () => {
  const lines = new EmfLines({ namespace: 'N', serviceName: 's', defaultDimensions: { function: 'flux' } });
  it('splices timestamps and values into the same line as the whole object', () => {
    const cases: [string, string, Map<string, number | number[]>][] = [
      ['type', 'dev.cdevents.service.deployed.0.3.0', new Map([['emitted', 2]])],
      ['', '', new Map<string, number | number[]>([['received', 1], ['ignored', [1, 2]]])],
      ['sink', 'http', new Map([['service', 1]])],
      ['sink', 'http', new Map([['7', 1], ['queued', 3]])],
      ['sink', 'é"\u2028', new Map([['failed', Number.NaN]])],
    ];
    for (const [dimension, value, byName] of cases) {
      for (const timestamp of [0, 1_795_660_979_494]) {
        expect(lines.line(timestamp, dimension, value, byName)).toBe(`${JSON.stringify(lines.blob(timestamp, dimension, value, byName))}\n`);
        expect(lines.line(timestamp, dimension, value, byName)).toBe(`${JSON.stringify(lines.blob(timestamp, dimension, value, byName))}\n`);
      }
    }
  });
});
