import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import { HttpSink } from '../../lib/sinks/http-sink.js';
import { createKeepAliveFetch, type KeepAliveFetch } from '../../lib/sinks/keep-alive-fetch.js';
import { SinkError } from '../../lib/sinks/sink.js';
import { captureError } from '../helpers/capture-error.js';
import { startCloudEventsReceiver } from '../helpers/cloudevents-receiver.js';

interface Seen { method: string; headers: IncomingMessage['headers']; body: string; socket: Socket }

/** A loopback server that records every request with its socket and answers with `answer`. */
async function startServer(answer: (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void) {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', headers: req.headers, body, socket: req.socket });
      answer(req, res, seen);
    });
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  const close = () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  return { url, seen, sockets, close };
}

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function fetchUnderTest(): KeepAliveFetch {
  const post = createKeepAliveFetch({ maxSockets: 4 });
  cleanups.push(() => post.close());
  return post;
}

async function server(answer: Parameters<typeof startServer>[0]) {
  const started = await startServer(answer);
  cleanups.push(started.close);
  return started;
}

describe('createKeepAliveFetch', () => {
  it('POSTs the headers and body, and returns the status, headers and body of the answer', async () => {
    const peer = await server((_req, res) => res.writeHead(202, { 'x-broker': 'accepted', 'content-type': 'text/plain' }).end('queued'));
    const headers = new Headers({ 'ce-id': 'abc-1', 'content-type': 'application/json' });
    const response = await fetchUnderTest()(peer.url, { method: 'POST', headers, body: '{"é":1}', redirect: 'manual' });
    expect(peer.seen).toHaveLength(1);
    expect(peer.seen[0]).toMatchObject({ method: 'POST', body: '{"é":1}', headers: { 'ce-id': 'abc-1', 'content-type': 'application/json', 'content-length': '8' } });
    expect([response.status, response.ok, response.headers.get('X-Broker'), response.headers.get('retry-after')]).toEqual([202, true, 'accepted', null]);
    expect(await response.text()).toBe('queued');
  });

  it('reuses one socket for sequential requests', async () => {
    const peer = await server((_req, res) => res.writeHead(204).end());
    const post = fetchUnderTest();
    for (let i = 0; i < 5; i += 1) {
      const response = await post(peer.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"n":${i}}` });
      await response.body?.cancel();
    }
    expect(peer.seen.map((s) => s.body)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}', '{"n":3}', '{"n":4}']);
    expect(new Set(peer.seen.map((s) => s.socket)).size).toBe(1);
    expect(peer.sockets.size).toBe(1);
  });

  it('sends each POST to its own URL, string or URL object, with its query, and refuses other protocols', async () => {
    const first = await server((_req, res) => res.writeHead(202).end('first'));
    const second = await server((_req, res) => res.writeHead(202).end('second'));
    const post = fetchUnderTest();
    const answers: string[] = [];
    for (const url of [first.url, `${second.url}?tenant=a`, new URL(first.url), first.url, `${second.url}?tenant=b`]) {
      answers.push(await (await post(url, { method: 'POST', body: 'x' })).text());
    }
    expect(answers).toEqual(['first', 'second', 'first', 'first', 'second']);
    expect(second.seen.map((s) => s.body)).toEqual(['x', 'x']);
    const refused = await captureError(TypeError, post('ftp://127.0.0.1/events', { method: 'POST', body: 'x' }));
    expect((refused.cause as NodeJS.ErrnoException).code).toBe('ERR_INVALID_PROTOCOL');
    await captureError(TypeError, post('not a url', { method: 'POST', body: 'x' }));
  });

  it('answers an empty body as an empty text, and reads repeated headers joined', async () => {
    const peer = await server((_req, res) => res.writeHead(202, [['x-seen', 'a'], ['x-seen', 'b']]).end());
    const response = await fetchUnderTest()(peer.url, { method: 'POST', body: 'x' });
    expect([await response.text(), response.headers.get('X-Seen')]).toEqual(['', 'a, b']);
  });

  it('never follows a redirect: the 3xx comes back as it was sent', async () => {
    const peer = await server((_req, res) => res.writeHead(307, { location: '/elsewhere' }).end());
    const response = await fetchUnderTest()(peer.url, { method: 'POST', body: 'x', redirect: 'manual' });
    expect([response.status, response.ok, response.headers.get('location')]).toEqual([307, false, '/elsewhere']);
    expect(peer.seen).toHaveLength(1);
  });

  it('rejects as fetch does when the signal times out or is aborted', async () => {
    const held: ServerResponse[] = [];
    const peer = await server((_req, res) => held.push(res));
    cleanups.push(() => { for (const res of held) res.destroy(); });
    const post = fetchUnderTest();
    const timedOut = await captureError(DOMException, post(peer.url, { method: 'POST', body: 'x', signal: AbortSignal.timeout(20) }));
    expect(timedOut.name).toBe('TimeoutError');
    const controller = new AbortController();
    const pending = post(peer.url, { method: 'POST', body: 'y', signal: controller.signal });
    controller.abort();
    expect((await captureError(DOMException, pending)).name).toBe('AbortError');
    const already = await captureError(DOMException, post(peer.url, { method: 'POST', body: 'z', signal: AbortSignal.abort() }));
    expect(already.name).toBe('AbortError');
  });

  it('reports a refused connection as TypeError with the code in its cause', async () => {
    const peer = await startServer((_req, res) => res.end());
    await peer.close();
    const error = await captureError(TypeError, fetchUnderTest()(peer.url, { method: 'POST', body: 'x' }));
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
  });

  it('refuses a header value HTTP cannot carry as a TypeError, sending nothing', async () => {
    const peer = await server((_req, res) => res.end());
    const error = await captureError(TypeError, fetchUnderTest()(peer.url, { method: 'POST', headers: { 'ce-subject': 'a\r\nb' }, body: 'x' }));
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ERR_INVALID_CHAR');
    expect(peer.seen).toHaveLength(0);
  });

  it('sends again once on a fresh socket when the peer drops a reused one', async () => {
    const perSocket = new Map<Socket, number>();
    const peer = await server((req, res) => {
      const count = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, count);
      if (count === 2) req.socket.destroy();
      else res.writeHead(200).end('ok');
    });
    const post = fetchUnderTest();
    await (await post(peer.url, { method: 'POST', body: 'first' })).text();
    const second = await post(peer.url, { method: 'POST', body: 'second' });
    expect([second.status, await second.text()]).toEqual([200, 'ok']);
    expect(peer.seen.map((s) => s.body)).toEqual(['first', 'second', 'second']);
    expect(peer.sockets.size).toBe(2);
  });
});

describe('HttpSink over createKeepAliveFetch', () => {
  const event = (n: number) => buildCDEvent({
    kind: 'service.deployed', id: deterministicId('keep-alive-fetch-test', String(n)), source: '/flux/flux-system',
    timestamp: '2024-07-12T08:56:31.000Z', subjectId: `prod/apps/podinfo-${n}`,
    content: { environment: { id: 'prod/apps' }, artifactId: 'pkg:oci/podinfo@sha256%3Aabc?repository_url=ghcr.io/stefanprodan/podinfo' },
  }, '0.5.1');

  it('delivers CloudEvents the SDK decodes, retrying a 503 and refusing a redirect', async () => {
    const receiver = await startCloudEventsReceiver();
    cleanups.push(() => receiver.close());
    const sink = new HttpSink({ url: receiver.url, fetch: fetchUnderTest(), baseDelayMs: 1, maxDelayMs: 5 });
    receiver.respondWith(503);
    await sink.deliver([event(1), event(2)], Date.now() + 5_000);
    expect(receiver.received.map((r) => r.event.subject)).toEqual(['prod/apps/podinfo-1', 'prod/apps/podinfo-2']);
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 202, 202]);
    receiver.respondWith({ status: 302, headers: { location: '/other' } });
    const error = await captureError(SinkError, sink.deliver([event(3)], Date.now() + 5_000));
    expect(error.message).toContain('redirect (status 302)');
  });
});
