import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config/load-config.js';
import { CircuitBreaker } from '../../lib/delivery/circuit-breaker.js';
import { MemoryCacheClient } from '../../lib/outbox/memory-cache-client.js';
import { decodeOutboxMessage } from '../../lib/outbox/outbox-message.js';
import { captureThrown } from '../helpers/capture-error.js';
import { FIRST_REDELIVERY_WAIT_SECONDS, redeliveryWaitSeconds } from '../../lib/outbox/redelivery-backoff.js';

const BASE = { BRIDGE_TOKENS: 'outbox-policy-token' };
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/cdevents-bridge-dev-outbox';

describe('outbox settings', () => {
  it('is off without a queue, sqs with one, and refuses sqs without a URL', () => {
    expect(loadConfig(BASE).outbox.mode).toBe('off');
    expect(loadConfig({ ...BASE, BRIDGE_OUTBOX_QUEUE_URL: QUEUE }).outbox).toMatchObject({ mode: 'sqs', queueUrl: QUEUE, maxReceives: 130, maxBackoffSeconds: 900, circuitOpenSeconds: 60 });
    expect(() => loadConfig({ ...BASE, BRIDGE_OUTBOX: 'sqs' })).toThrow('BRIDGE_OUTBOX=sqs needs BRIDGE_OUTBOX_QUEUE_URL, the outbox queue URL');
    expect(loadConfig({ ...BASE, BRIDGE_OUTBOX: 'off', BRIDGE_OUTBOX_QUEUE_URL: QUEUE }).outbox.mode).toBe('off');
  });

  it.each([
    ['BRIDGE_OUTBOX', 'yes', /BRIDGE_OUTBOX/],
    ['BRIDGE_OUTBOX_QUEUE_URL', 'sqs://queue', /BRIDGE_OUTBOX_QUEUE_URL must be an SQS queue URL/],
    ['BRIDGE_OUTBOX_QUEUE_URL', 'https://sqs.eu-west-1.amazonaws.com/not-an-account/q', /BRIDGE_OUTBOX_QUEUE_URL must be an SQS queue URL/],
    ['BRIDGE_OUTBOX_MAX_RECEIVES', '0', /BRIDGE_OUTBOX_MAX_RECEIVES/],
    ['BRIDGE_OUTBOX_MAX_BACKOFF_SECONDS', '50000', /BRIDGE_OUTBOX_MAX_BACKOFF_SECONDS/],
    ['BRIDGE_CIRCUIT_OPEN_SECONDS', '-1', /BRIDGE_CIRCUIT_OPEN_SECONDS/],
  ])('stops the start on %s=%s, naming it', (name, value, message) => {
    expect(() => loadConfig({ ...BASE, [name]: value })).toThrow(message);
  });

  it('keeps a request under about 3 s by default: 2 s for the sinks', () => {
    expect(loadConfig(BASE).deliveryTimeoutMs).toBe(2_000);
  });
});

describe('redelivery backoff', () => {
  it('doubles from 2 s per receive, between half and all of each step, up to the cap', () => {
    for (const [receive, step] of [[1, 2], [2, 4], [3, 8], [6, 64], [9, 512], [10, 900], [100, 900]] as const) {
      expect(redeliveryWaitSeconds(receive, 900, () => 0)).toBe(Math.ceil(step / 2));
      expect(redeliveryWaitSeconds(receive, 900, () => 0.999_999)).toBe(step);
    }
    expect(redeliveryWaitSeconds(1, 900, () => 0)).toBe(FIRST_REDELIVERY_WAIT_SECONDS / 2);
    expect(redeliveryWaitSeconds(50, 10, () => 0.5)).toBeLessThanOrEqual(10);
  });

  it('spans about a day over the default 130 receives (expected value)', () => {
    let seconds = 0;
    for (let receive = 1; receive < 130; receive++) seconds += redeliveryWaitSeconds(receive, 900, () => 0.5);
    expect(seconds / 3600).toBeGreaterThan(20);
    expect(seconds / 3600).toBeLessThan(28);
  });
});

describe('circuit breaker', () => {
  it('opens for the window after a failure and closes on its own or on a success', () => {
    let now = 1_000;
    const breaker = new CircuitBreaker(60_000, () => now);
    expect(breaker.isOpen('http')).toBe(false);
    breaker.trip('http');
    expect(breaker.isOpen('http')).toBe(true);
    expect(breaker.isOpen('eventbridge')).toBe(false);
    now += 60_000;
    expect(breaker.isOpen('http')).toBe(false);
    breaker.trip('http');
    breaker.close('http');
    expect(breaker.isOpen('http')).toBe(false);
    const off = new CircuitBreaker(0, () => now);
    off.trip('http');
    expect(off.isOpen('http')).toBe(false);
  });
});

describe('outbox messages', () => {
  it('reads its own messages back and refuses others by name, without echoing them', () => {
    const message = { v: 1, sink: 'http', id: 'e1', item: { context: { id: 'e1' } }, firstFailedAt: '2026-11-26T00:00:00Z', lastError: 'rejected with status 503' };
    expect(decodeOutboxMessage(JSON.stringify(message))).toEqual(message);
    expect(() => decodeOutboxMessage('{"secret-ish":')).toThrow('outbox message is not JSON');
    const error = captureThrown(() => decodeOutboxMessage(JSON.stringify({ ...message, v: 2, firstFailedAt: 'yesterday' })));
    expect(error.message).toMatch(/^outbox message is not valid: /);
    expect(error.message).not.toContain('yesterday');
  });
});

describe('in-memory idempotency store (Powertools cache client shape)', () => {
  it('sets only when absent with NX, expires with EX, and deletes', async () => {
    let now = 0;
    const client = new MemoryCacheClient(() => now);
    expect(await client.set('k', 'a', { NX: true, EX: 10 })).toBe('OK');
    expect(await client.set('k', 'b', { NX: true, EX: 10 })).toBeNull();
    expect(await client.get('k')).toBe('a');
    now = 10_000;
    expect(await client.get('k')).toBeNull();
    expect(await client.set('k', 'c', { NX: true })).toBe('OK');
    expect(await client.del(['k', 'missing'])).toBe(1);
  });
});

