import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { localContext } from '../../lib/local/api-gateway-event.js';
import { createLogger } from '../../lib/observability/logger.js';
import { isPlainJson, plainLogLine } from '../../lib/observability/plain-log-line.js';
import { captureOutputSync } from '../helpers/capture-output.js';

/** What `action` wrote to standard output and error, timestamps replaced. */
function written(action: () => void): string {
  return captureOutputSync(action).replace(/"timestamp":"[^"]*"/g, '"timestamp":"T"');
}

/** The same calls through Powertools' own Logger and through {@link createLogger}. */
function bothWrite(calls: (logger: Logger) => void): { powertools: string; bridge: string } {
  const context = { ...localContext('flux', 1_000), awsRequestId: 'request-1' };
  const run = (logger: Logger) => written(() => {
    logger.addContext(context);
    calls(logger);
    logger.addContext(context);
    calls(logger);
  });
  return { powertools: run(new Logger({ serviceName: 'cdevents-bridge-flux' })), bridge: run(createLogger('flux')) };
}

const EXTRAS: Record<string, unknown>[] = [
  { flux: { kind: 'Kustomization', reason: 'ArtifactFailed', rule: undefined }, events: [{ id: 'a', type: 't', subject: 's' }], queued: [] },
  { reason: '', empty: null, gone: undefined, list: [undefined, null, '', 1.5, Number.NaN, true], text: 'é \u2028 "quoted" \ud800' },
  { correlationId: 'overridden', nested: { constructor: 'x' } },
  { correlationId: undefined, after: 'kept' },
  { correlationId: '', 'needs "quoting"\n': [{ a: [] }] },
  { level: 'reserved' },
  { cold_start: 'collides' },
  { error: new Error('boom') },
  { when: new Date(0) },
  { big: 10n },
];

afterEach(() => {
  vi.unstubAllEnvs();
  delete (globalThis as { awslambda?: unknown }).awslambda;
});

describe('createLogger INFO lines', () => {
  it('writes the same bytes as Powertools for plain and non-plain extras', () => {
    vi.stubEnv('LOG_LEVEL', 'INFO');
    for (const extra of EXTRAS) {
      const { powertools, bridge } = bothWrite((logger) => {
        logger.appendKeys({ correlationId: 'c-1' });
        logger.info('events delivered', extra);
        logger.resetKeys();
      });
      expect(bridge).toBe(powertools);
    }
  });

  it('matches Powertools with an X-Ray trace header, a TZ, keys appended twice and nested keys', () => {
    vi.stubEnv('LOG_LEVEL', 'INFO');
    for (const [name, value] of [['_X_AMZN_TRACE_ID', 'Root=1-abc;Parent=2;Sampled=1'], ['_X_AMZN_TRACE_ID', 'plain-id'], ['TZ', 'Europe/Paris'], ['TZ', 'UTC']] as const) {
      vi.stubEnv(name, value);
      const { powertools, bridge } = bothWrite((logger) => {
        logger.appendKeys({ correlationId: 'c-1', other: 2 });
        logger.appendKeys({ correlationId: 'c-2', nested: { a: 1 } });
        logger.info('notification ignored', { reason: 'no rule' });
        logger.info('two extras', { a: 1 }, { b: 2 });
        logger.resetKeys();
        logger.info('after reset', { a: 1 });
      });
      expect(bridge).toBe(powertools);
      vi.unstubAllEnvs();
      vi.stubEnv('LOG_LEVEL', 'INFO');
    }
  });

  it('writes a plain line without going through Powertools', () => {
    vi.stubEnv('LOG_LEVEL', 'INFO');
    const viaPowertools = vi.spyOn(Logger.prototype, 'info');
    const logger = createLogger('flux');
    written(() => logger.info('events delivered', EXTRAS[0]!));
    expect(viaPowertools).not.toHaveBeenCalled();
    written(() => logger.info('events delivered', EXTRAS[5]!));
    expect(viaPowertools).toHaveBeenCalledTimes(1);
    viaPowertools.mockRestore();
  });

  it('gives held keys to Powertools for the lines it writes, and matches it for reserved and odd keys', () => {
    vi.stubEnv('LOG_LEVEL', 'DEBUG');
    const { powertools, bridge } = bothWrite((logger) => {
      logger.appendKeys({ correlationId: 'c-1' });
      logger.warn('held in the outbox', { sink: 'http' });
      logger.appendKeys({ correlationId: 'c-2', level: 'reserved', big: 10n } as never);
      logger.info('events delivered', { a: 1 });
      logger.debug('detail', { b: 2 });
      logger.error('failed', { c: 3 });
      logger.resetKeys();
      logger.info('after reset', { a: 1 });
      logger.appendKeys({ correlationId: 'c-3' });
      logger.removeKeys(['correlationId']);
      logger.info('after remove', { a: 1 });
      logger.resetKeys();
    });
    expect(bridge).toBe(powertools);
    expect(bridge).toContain('"correlationId":"c-1"');
    const logger = createLogger('flux');
    logger.appendKeys({ correlation_id: 'held' });
    expect(logger.getCorrelationId()).toBe('held');
  });

  it('writes nothing below the level, like Powertools', () => {
    vi.stubEnv('LOG_LEVEL', 'WARN');
    const { powertools, bridge } = bothWrite((logger) => logger.info('quiet', { a: 1 }));
    expect(bridge).toBe('');
    expect(powertools).toBe('');
  });

  it('follows level changes and restores the configured level at the next invocation, like Powertools', () => {
    vi.stubEnv('LOG_LEVEL', 'INFO');
    const invocations = (logger: Logger) => written(() => {
      for (const level of ['WARN', undefined, 'INFO', 'ERROR', undefined] as const) {
        logger.refreshSampleRateCalculation();
        logger.addContext({ ...localContext('flux', 1_000), awsRequestId: 'request-1' });
        if (level) logger.setLogLevel(level);
        logger.info('line', { level: level ?? 'configured', readBack: logger.level });
      }
    });
    const bridge = invocations(createLogger('flux'));
    expect(bridge).toBe(invocations(new Logger({ serviceName: 'cdevents-bridge-flux' })));
    expect(bridge.match(/"readBack":\d+/g)).toEqual(['"readBack":12', '"readBack":12', '"readBack":12']);
  });
});

describe('plainLogLine', () => {
  it('leaves lines it cannot write exactly to Powertools', () => {
    expect(plainLogLine('INFO', 'm', 's', undefined, {}, [1])).toBeUndefined();
    expect(plainLogLine('INFO', 'm', 's', undefined, { service: 'x' }, {})).toBeUndefined();
    expect(plainLogLine('INFO', 'm', 's', undefined, {}, { e: new Error('x') })).toBeUndefined();
    const line = plainLogLine('INFO', 'm', 's', undefined, { id: 'c' }, { a: '' }) ?? '';
    expect(line.replace(/"timestamp":"[^"]*"/, '"timestamp":"T"')).toBe('{"level":"INFO","message":"m","timestamp":"T","service":"s","sampling_rate":0,"id":"c"}\n');
  });

  it('accepts only JSON-plain data', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(isPlainJson({ a: [1, 'b', null, { c: true }] })).toBe(true);
    expect(isPlainJson(circular)).toBe(false);
    expect(isPlainJson({ d: new Date() })).toBe(false);
    expect(isPlainJson(Object.create(null))).toBe(true);
  });
});
