import { captureError } from '../helpers/capture-error.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { ConfigError } from '../../lib/config/config-error.js';
import { HttpSink, type HttpSinkOptions } from '../../lib/sinks/http-sink.js';
import { SinkError } from '../../lib/sinks/sink.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';

function sampleEvent(n = 0): CDEvent {
  return buildCDEvent({
    kind: 'service.deployed',
    id: deterministicId('http-sink-test', String(n)),
    source: '/flux/flux-system',
    timestamp: `2024-07-12T08:56:3${n % 10}.000Z`,
    subjectId: `prod/apps/podinfo-${n}`,
    content: { environment: { id: 'prod/apps' }, artifactId: 'pkg:oci/podinfo@sha256%3Aabc?repository_url=ghcr.io/stefanprodan/podinfo' },
  }, '0.5.1');
}


describe('HttpSink', () => {
  let receiver: CloudEventsReceiver;
  const fast = { baseDelayMs: 5, maxDelayMs: 20 } satisfies Partial<HttpSinkOptions>;
  const soon = () => Date.now() + 5_000;

  beforeEach(async () => {
    receiver = await startCloudEventsReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('posts a binary CloudEvent with the CDEvents binding headers and the CDEvent as body', async () => {
    // Prepare
    const event = sampleEvent(1);
    const sink = new HttpSink({ url: receiver.url, mode: 'binary', ...fast });
    // Act
    await sink.deliver([event], soon());
    // Assess
    expect(receiver.received).toHaveLength(1);
    const [got] = receiver.received;
    expect(got!.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-id': event.context.id,
      'ce-source': '/flux/flux-system',
      'ce-type': 'dev.cdevents.service.deployed.0.3.0',
      'ce-subject': 'prod/apps/podinfo-1',
      'ce-time': '2024-07-12T08:56:31.000Z',
      'content-type': 'application/json',
    });
    expect(got!.headers.authorization).toBeUndefined();
    expect(JSON.parse(got!.body)).toEqual(event);
    assertValidCDEvent(JSON.parse(got!.body) as CDEvent);
    expect(got!.event).toMatchObject({ id: event.context.id, subject: 'prod/apps/podinfo-1', time: '2024-07-12T08:56:31.000Z' });
    expect(got!.event.data).toEqual(event);
  });

  it('defaults to binary mode', async () => {
    await new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], soon());
    expect(receiver.received[0]!.headers['ce-id']).toBe(sampleEvent().context.id);
  });

  it('posts a structured CloudEvent whose data is the CDEvent', async () => {
    const event = sampleEvent(2);
    await new HttpSink({ url: receiver.url, mode: 'structured', ...fast }).deliver([event], soon());
    const [got] = receiver.received;
    expect(got!.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    expect(got!.headers['ce-id']).toBeUndefined();
    expect(got!.event).toMatchObject({
      specversion: '1.0', id: event.context.id, source: event.context.source, type: event.context.type,
      subject: event.subject.id, time: event.context.timestamp, datacontenttype: 'application/json',
    });
    expect(got!.event.data).toEqual(event);
  });

  it('sends one POST per event, in order, with the bearer token', async () => {
    receiver.requireBearer('s3cr3t-token');
    let tokenCalls = 0;
    const sink = new HttpSink({ url: receiver.url, token: async () => { tokenCalls++; return 's3cr3t-token'; }, ...fast });
    await sink.deliver([sampleEvent(1), sampleEvent(2), sampleEvent(3)], soon());
    expect(receiver.received.map((r) => r.event.subject)).toEqual(['prod/apps/podinfo-1', 'prod/apps/podinfo-2', 'prod/apps/podinfo-3']);
    expect(receiver.received.every((r) => r.headers.authorization === 'Bearer s3cr3t-token')).toBe(true);
    expect(tokenCalls).toBe(1);
  });

  it('refreshes the token once after a 401 and retries with the new one', async () => {
    receiver.requireBearer('new-token');
    let refreshCalls = 0;
    const sink = new HttpSink({
      url: receiver.url, token: async () => 'old-token', refreshToken: async () => { refreshCalls++; return 'new-token'; }, ...fast,
    });
    await sink.deliver([sampleEvent(1), sampleEvent(2)], soon());
    expect(receiver.requests.map((r) => [r.status, r.headers.authorization])).toEqual([
      [401, 'Bearer old-token'], [202, 'Bearer new-token'], [202, 'Bearer new-token'],
    ]);
    expect(refreshCalls).toBe(1);
  });

  it('fails after one refresh when the broker still refuses, without leaking either token', async () => {
    receiver.respondWith(
      { status: 401, body: 'token old-s3cr3t is not valid' },
      { status: 403, body: 'token new-s3cr3t is not allowed' },
      202,
    );
    const sink = new HttpSink({ url: receiver.url, token: async () => 'old-s3cr3t', refreshToken: async () => 'new-s3cr3t', ...fast });
    const error = await captureError(SinkError, sink.deliver([sampleEvent()], soon()));
    expect(error.sink).toBe('http');
    expect(error.message).toContain('403');
    expect(error.message).toContain('token [redacted] is not allowed');
    expect(error.message).not.toMatch(/s3cr3t/);
    expect(receiver.requests).toHaveLength(2);
  });

  it('fails at once on 401 without a refresher', async () => {
    receiver.respondWith(401);
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, token: async () => 'tok', ...fast }).deliver([sampleEvent()], soon()));
    expect(error.message).toMatch(/status 401/);
    expect(receiver.requests).toHaveLength(1);
  });

  it('reports a failing token source without retrying', async () => {
    const sink = new HttpSink({ url: receiver.url, token: async () => { throw new Error('secret not found'); }, ...fast });
    const error = await captureError(SinkError, sink.deliver([sampleEvent()], soon()));
    expect(error.message).toBe('could not get the broker token: secret not found');
    expect(receiver.requests).toHaveLength(0);
  });

  it('retries 503 and 429 with backoff, then succeeds', async () => {
    receiver.respondWith(503, 429, 500, 200);
    await new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], soon());
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 429, 500, 200]);
    expect(receiver.received).toHaveLength(1);
  });

  it('honours a Retry-After that fits in the deadline', async () => {
    receiver.respondWith({ status: 429, retryAfter: 1 }, 202);
    const started = Date.now();
    await new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], Date.now() + 3_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(receiver.received).toHaveLength(1);
  });

  it('gives up at once when Retry-After is past the deadline', async () => {
    receiver.respondWith({ status: 429, retryAfter: 60 }, 202);
    const started = Date.now();
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], Date.now() + 2_000));
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(/status 429.*retry-after 60 s is past the deadline/);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails a 400 at once with the status and a short body excerpt', async () => {
    receiver.respondWith({ status: 400, body: `invalid event:\n${'x'.repeat(5_000)}` });
    const event = sampleEvent(7);
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, ...fast }).deliver([event, sampleEvent(8)], soon()));
    expect(error.message).toMatch(new RegExp(`^event ${event.context.id} rejected with status 400: invalid event: x+…$`));
    expect(error.message.length).toBeLessThan(300);
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow redirects', async () => {
    const elsewhere = await startCloudEventsReceiver();
    try {
      receiver.respondWith({ status: 307, headers: { location: elsewhere.url } });
      const error = await captureError(SinkError, new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], soon()));
      expect(error.message).toContain('redirect (status 307)');
      expect(elsewhere.requests).toHaveLength(0);
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await elsewhere.close();
    }
  });

  it('retries a broker that drops connections, then fails within the deadline', async () => {
    receiver.setDefaultResponse('down');
    const started = Date.now();
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], started + 400));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(400 + 300);
    expect(receiver.requests.length).toBeGreaterThan(2);
    expect(error.message).toMatch(/not delivered before the deadline: network error/);
  });

  it('recovers when a dropped connection is followed by an answer', async () => {
    receiver.respondWith('down', 'down', 202);
    await new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], soon());
    expect(receiver.requests.map((r) => r.status)).toEqual(['down', 'down', 202]);
  });

  it('fails within the deadline when nothing listens', async () => {
    const url = receiver.url;
    await receiver.close();
    receiver = await startCloudEventsReceiver();
    const started = Date.now();
    const error = await captureError(SinkError, new HttpSink({ url, ...fast }).deliver([sampleEvent()], started + 300));
    expect(Date.now() - started).toBeLessThan(300 + 300);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('times out slow attempts and retries them', async () => {
    receiver.respondWith({ status: 202, delayMs: 1_000 }, 202);
    await new HttpSink({ url: receiver.url, attemptTimeoutMs: 100, ...fast }).deliver([sampleEvent()], soon());
    expect(receiver.requests).toHaveLength(2);
  });

  it('cuts an attempt short at the deadline', async () => {
    receiver.setDefaultResponse({ status: 202, delayMs: 5_000 });
    const started = Date.now();
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, attemptTimeoutMs: 10_000, ...fast }).deliver([sampleEvent()], started + 300));
    expect(Date.now() - started).toBeLessThan(300 + 300);
    expect(error.message).toMatch(/timed out/);
  });

  it('reports the failure that led to an attempt the deadline cut short', async () => {
    receiver.respondWith({ status: 503, body: 'broker overloaded' });
    receiver.setDefaultResponse({ status: 202, delayMs: 5_000 });
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, ...fast }).deliver([sampleEvent()], Date.now() + 300));
    expect(error.message).toMatch(/not delivered before the deadline: rejected with status 503: broker overloaded$/);
    expect(receiver.requests).toHaveLength(2);
  });

  it('delivers attributes with non-ASCII text, CR/LF, quote, percent and space as percent-encoded ce-* headers', async () => {
    const event = sampleEvent(4);
    event.context.source = '/flux/prod-東京';
    event.subject.id = 'prod-東京/ns "a"/naïve 100%\r\n😀';
    await new HttpSink({ url: receiver.url, ...fast }).deliver([event], soon());
    const [got] = receiver.received;
    expect(got!.headers['ce-source']).toBe('/flux/prod-%E6%9D%B1%E4%BA%AC');
    expect(got!.headers['ce-subject']).toBe('prod-%E6%9D%B1%E4%BA%AC/ns%20%22a%22/na%C3%AFve%20100%25%0D%0A%F0%9F%98%80');
    expect(got!.event).toMatchObject({ source: event.context.source, subject: event.subject.id });
    expect(JSON.parse(got!.body)).toEqual(event);
  });

  it.each([
    ['CR/LF', 'tok\r\nx-injected: 1'],
    ['a character above U+00FF', 'tok€n'],
  ])('fails at once, unretried, when a header cannot be sent (token with %s)', async (_what, token) => {
    const started = Date.now();
    const deadline = started + 5_000;
    const error = await captureError(SinkError, new HttpSink({ url: receiver.url, token: async () => token, ...fast }).deliver([sampleEvent(5)], deadline));
    expect(Date.now() - started).toBeLessThan(250);
    expect(receiver.requests).toHaveLength(0);
    expect(error.message).toBe(`event ${sampleEvent(5).context.id} cannot be sent: header authorization holds characters HTTP does not allow`);
    expect(error.message).not.toContain('tok');
  });

  it('rejects a URL that is not http(s)', () => {
    expect(() => new HttpSink({ url: 'ftp://example.com/x' })).toThrow(ConfigError);
    expect(() => new HttpSink({ url: 'not a url' })).toThrow(ConfigError);
  });
});
