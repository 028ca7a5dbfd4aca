import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from '../../lib/config/config-error.js';
import { loadConfig } from '../../lib/config/load-config.js';

const BASE = { BRIDGE_TOKENS: 'token-one-123,token-two-456' };

describe('loadConfig', () => {
  it('applies documented defaults', () => {
    const config = loadConfig(BASE);
    expect(config.specVersion).toBe('0.5.1');
    expect(config.maxBodyBytes).toBe(4 * 1024 * 1024);
    expect(config.auth.tokens).toEqual(['token-one-123', 'token-two-456']);
    expect(config.sinks).toEqual({ http: undefined, eventBridge: undefined });
    expect(config.flux.profile).toBe('semantic');
    expect(config.local).toEqual({ host: '127.0.0.1', port: 3000 });
    expect(config.logLevel).toBe('INFO');
    expect(Object.isFrozen(config.auth)).toBe(true);
  });

  it('defaults the delivery timeout to what the deployed stack sets (one truth)', () => {
    const stack = parse(readFileSync(new URL('../../serverless.yml', import.meta.url), 'utf8'), { logLevel: 'silent' }) as {
      params: { default: { deliveryTimeoutMs: string } };
    };
    expect(loadConfig(BASE).deliveryTimeoutMs).toBe(Number(stack.params.default.deliveryTimeoutMs));
  });

  it('reads sinks, spec version and the state table', () => {
    const config = loadConfig({
      ...BASE,
      CDEVENTS_SPEC_VERSION: '0.4.1',
      CDEVENTS_SINK_URL: 'https://broker.example.com/default',
      CDEVENTS_SINK_MODE: 'structured',
      CDEVENTS_EVENT_BUS: 'gitops',
      ARGOCD_STATE_TABLE: 'state',
    });
    expect(config.specVersion).toBe('0.4.1');
    expect(config.sinks.http).toMatchObject({ url: 'https://broker.example.com/default', mode: 'structured' });
    expect(config.sinks.eventBridge).toEqual({ busName: 'gitops', source: 'dev.cdevents.bridge', maxEntryBytes: 262144 });
    expect(config.argocd.stateTable).toBe('state');
  });

  it('accepts an existing event bus by ARN and passes it on unchanged', () => {
    const arn = 'arn:aws:events:eu-west-1:123456789012:event-bus/shared-bus';
    const config = loadConfig({ ...BASE, CDEVENTS_EVENT_BUS: arn });
    expect(config.sinks.eventBridge).toEqual({ busName: arn, source: 'dev.cdevents.bridge', maxEntryBytes: 262144 });
  });

  it.each([
    [{}, /no inbound credentials/],
    [{ BRIDGE_TOKENS: 'short' }, /at least 8 characters/],
    [{ ...BASE, CDEVENTS_SPEC_VERSION: '0.6.0' }, /CDEVENTS_SPEC_VERSION must be one of 0.5.1, 0.4.1/],
    [{ ...BASE, CDEVENTS_SINK_URL: 'not a url' }, /CDEVENTS_SINK_URL is not a valid URL/],
    [{ ...BASE, CDEVENTS_SINK_URL: 'ftp://x' }, /http or https/],
    [{ ...BASE, CDEVENTS_SINK_MODE: 'batched', CDEVENTS_SINK_URL: 'http://x' }, /CDEVENTS_SINK_MODE/],
    [{ ...BASE, BRIDGE_MAX_BODY_BYTES: '12abc' }, /BRIDGE_MAX_BODY_BYTES must be an integer/],
    [{ ...BASE, CDEVENTS_EVENT_BUS: 'b', CDEVENTS_EVENTBRIDGE_SOURCE: 'aws.flux' }, /must not start with "aws."/],
    [{ ...BASE, FLUX_MAPPING_PROFILE: 'custom' }, /FLUX_MAPPING_PROFILE/],
    [{ ...BASE, CDEVENTS_EVENT_BUS: 'shared bus' }, /^CDEVENTS_EVENT_BUS must be an event bus name .* or an event bus ARN/],
    [{ ...BASE, CDEVENTS_EVENT_BUS: 'arn:aws:sqs:eu-west-1:123456789012:queue' }, /^CDEVENTS_EVENT_BUS must be/],
  ])('rejects invalid configuration %#', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never puts a token value in an error message', () => {
    try {
      loadConfig({ BRIDGE_TOKENS: 'secret7' });
    } catch (error) {
      expect((error as Error).message).not.toContain('secret7');
    }
  });

  // Each of these used to be accepted silently while the setting it tunes was unused.
  it.each([
    [{ LOG_LEVEL: 'loud' }, "LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, in upper case (got 'loud')"],
    [{ LOG_LEVEL: 'debug' }, 'LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, in upper case'],
    [{ POWERTOOLS_LOG_LEVEL: 'verbose' }, 'POWERTOOLS_LOG_LEVEL must be one of TRACE, DEBUG'],
    [{ CDEVENTS_SINK_MODE: 'foo' }, "CDEVENTS_SINK_MODE must be one of binary, structured (got 'foo')"],
    [{ CDEVENTS_EVENTBRIDGE_SOURCE: 'aws.flux' }, 'CDEVENTS_EVENTBRIDGE_SOURCE must not start with "aws."'],
    [{ CDEVENTS_EVENTBRIDGE_MAX_ENTRY_BYTES: '2MB' }, 'CDEVENTS_EVENTBRIDGE_MAX_ENTRY_BYTES must be an integer from 1024 to 1048576'],
    [{ CDEVENTS_SINK_TOKEN_SECRET_ID: 'broker token' }, 'CDEVENTS_SINK_TOKEN_SECRET_ID must be a Secrets Manager secret name or ARN'],
    [{ ARGOCD_STATE_TABLE: 'x' }, 'ARGOCD_STATE_TABLE must be a DynamoDB table name (3 to 255'],
    [{ POWERTOOLS_METRICS_DISABLED: 'maybe' }, 'POWERTOOLS_METRICS_DISABLED must be true or false'],
    [{ POWERTOOLS_DEV: '2' }, 'POWERTOOLS_DEV must be true or false'],
    [{ POWERTOOLS_METRICS_NAMESPACE: 'AWS/Lambda' }, 'POWERTOOLS_METRICS_NAMESPACE must be a CloudWatch namespace'],
    [{ POWERTOOLS_LOGGER_LOG_EVENT: 'true' }, 'POWERTOOLS_LOGGER_LOG_EVENT must be false or unset: logging the event would write request tokens and bodies'],
    [{ POWERTOOLS_LOGGER_SAMPLE_RATE: '5' }, 'POWERTOOLS_LOGGER_SAMPLE_RATE must be a number from 0 to 1'],
    [{ BRIDGE_CLUSTER: 'prod\neu' }, 'BRIDGE_CLUSTER must be at most 256 characters with no control characters'],
  ])('validates a setting whatever else is set %#', (env, message) => {
    expect(() => loadConfig({ ...BASE, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, ...env })).toThrow(message);
  });

  it('accepts the values Powertools accepts, in its spellings', () => {
    const config = loadConfig({
      ...BASE, LOG_LEVEL: 'WARN', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_DEV: 'False', POWERTOOLS_METRICS_DISABLED: 'on',
      POWERTOOLS_METRICS_NAMESPACE: 'CDEvents Bridge/prod', POWERTOOLS_LOGGER_LOG_EVENT: 'false', POWERTOOLS_LOGGER_SAMPLE_RATE: '0.1',
      CDEVENTS_SINK_TOKEN_SECRET_ID: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:broker/token-AbCdEf',
      ARGOCD_STATE_TABLE: 'arn:aws:dynamodb:eu-west-1:123456789012:table/cdevents-bridge-argocd-state',
    });
    expect(config.logLevel).toBe('WARN');
    expect(config.argocd.stateTable).toContain('table/cdevents-bridge-argocd-state');
  });

  it('rejects a nonsense value in every variable it reads, naming that variable', () => {
    // Every variable loadConfig looks at, found by watching it read an environment.
    const names = new Set<string>();
    loadConfig(new Proxy({ ...BASE }, { get: (target, name: string) => { names.add(name); return target[name as keyof typeof target]; } }));
    expect(names.size).toBeGreaterThan(25);
    const nonsense = 'not\u0001a value';
    for (const name of names) {
      const attempt = () => loadConfig({ ...BASE, [name]: nonsense });
      expect(attempt, name).toThrow(ConfigError);
      expect(attempt, name).toThrow(name);
    }
  });

  it('never repeats a token in a message, even a malformed one', () => {
    for (const env of [{ BRIDGE_TOKENS: 'abc\u0007defghij' }, { ...BASE, CDEVENTS_SINK_TOKEN: 'out bound-secret' }]) {
      const error = (() => { try { loadConfig(env); } catch (e) { return e as Error; } })();
      expect(error).toBeInstanceOf(ConfigError);
      expect(error?.message).not.toMatch(/defghij|bound-secret/);
    }
  });
});
