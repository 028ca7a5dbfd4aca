import { describe, expect, it } from 'vitest';
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
    expect(Object.isFrozen(config.auth)).toBe(true);
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
});
