// The local server (what `npm start` runs) over loopback HTTP, with the real Flux handler behind it:
// exact body bytes reach the handler, its own early answers have the handlers' `{error, status}`
// shape, and failures answer JSON without a stack.
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localContext, toApiGatewayEvent } from '../../lib/local/api-gateway-event.js';
import { createLocalServer, type LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import { startBridge, type RunningBridge } from '../helpers/bridge-harness.js';

const TOKEN = 'local-server-token-1';
const LIMIT = 2048;
const fluxRoute = { '/flux': (runtime: Parameters<typeof createFluxWebhook>[0]) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler };

let bridge: RunningBridge;

beforeAll(async () => {
  bridge = await startBridge({ BRIDGE_TOKENS: TOKEN, BRIDGE_MAX_BODY_BYTES: String(LIMIT) }, fluxRoute);
});

afterAll(async () => {
  await bridge?.close();
});

/** Sends raw bytes on a fresh connection and returns everything the server wrote until it closed or went quiet. */
async function rawExchange(url: string, bytes: string, quietMs = 500): Promise<string> {
  const socket = connect(Number(new URL(url).port), '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => { received += chunk; });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(bytes);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, quietMs);
    socket.once('close', () => { clearTimeout(timer); resolve(); });
  });
  socket.destroy();
  return received;
}

/** Streams a body in chunks with no Content-Length (chunked transfer encoding). */
function postChunked(url: string, chunks: Buffer[]): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/flux`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

/** What the Flux handler itself (lib/http/read-request.ts behind it) answers for an oversized body. */
async function handlerAnswerForOversizedBody(): Promise<{ statusCode?: number; body?: string; contentType?: string }> {
  const handler = createFluxWebhook(bridge.runtime) as unknown as LambdaHttpHandler;
  const event = toApiGatewayEvent('POST', '/flux', { authorization: `Bearer ${TOKEN}` }, Buffer.alloc(LIMIT + 1, 0x20), '127.0.0.1');
  const result = await handler(event, localContext('flux', 5_000));
  return { statusCode: result?.statusCode, body: result?.body, contentType: String(result?.headers?.['content-type']) };
}

describe('local server', () => {
  it('hands every body to the handler as its exact bytes: text when valid UTF-8, else base64, whatever its content type', () => {
    const invalid = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]);
    const valid = Buffer.from('{"a":"é \u{1F600} \\ud800"}', 'utf8');
    for (const contentType of ['application/json', 'text/plain; charset=utf-8', 'application/octet-stream', undefined]) {
      const headers = contentType ? { 'content-type': contentType } : {};
      const event = toApiGatewayEvent('POST', '/flux?x=1', headers, invalid, '127.0.0.1');
      expect(event.isBase64Encoded, String(contentType)).toBe(true);
      expect(Buffer.from(event.body!, 'base64').equals(invalid), String(contentType)).toBe(true);
      expect(event.rawQueryString).toBe('x=1');
      const text = toApiGatewayEvent('POST', '/flux', headers, valid, '127.0.0.1');
      expect(text.isBase64Encoded, String(contentType)).toBe(false);
      expect(Buffer.from(text.body!, 'utf8').equals(valid), String(contentType)).toBe(true);
    }
    expect(toApiGatewayEvent('POST', '/flux', {}, Buffer.alloc(0), '127.0.0.1')).toMatchObject({ body: undefined, isBase64Encoded: false });
  });

  it('refuses a declared oversized body at once, without waiting for it, as the handler would', async () => {
    const expected = await handlerAnswerForOversizedBody();
    expect(expected).toMatchObject({ statusCode: 413, contentType: 'application/json' });
    // The body is announced but never sent: an answer proves it was not waited for.
    const answer = await rawExchange(bridge.url, `POST /flux HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\n`
      + 'Content-Type: application/json\r\nContent-Length: 10000000\r\n\r\n{"a":');
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\ncontent-type: application\/json\r\n/i);
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe(expected.body);
    expect(JSON.parse(expected.body!)).toEqual({ error: `request body exceeds the limit of ${LIMIT} bytes`, status: 413 });
  });

  it('refuses a streamed oversized body with the same answer', async () => {
    const expected = await handlerAnswerForOversizedBody();
    const response = await postChunked(bridge.url, [Buffer.alloc(1_000, 0x20), Buffer.alloc(1_000, 0x20), Buffer.alloc(1_000, 0x20)]);
    expect(response).toEqual({ status: 413, contentType: 'application/json', body: expected.body });
  });

  it('accepts a streamed body up to the limit', async () => {
    const response = await postChunked(bridge.url, [Buffer.from('{"involvedObject":'), Buffer.alloc(LIMIT - 30, 0x20), Buffer.from('1}')]);
    expect(response.status).toBe(400);
    // It reached the handler whole: the answer is about the content, not the size.
    expect(JSON.parse(response.body)).toEqual({ error: expect.stringContaining('involvedObject'), status: 400 });
  });

  it('answers a failure outside the handler\'s own error handling with a JSON 500 and no stack, and keeps serving', async () => {
    const failing: LambdaHttpHandler = async () => { throw new Error('boom at secret-place /work/x.ts:12'); };
    const server = createLocalServer({ routes: { '/flux': failing }, maxBodyBytes: LIMIT });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      for (let i = 0; i < 2; i += 1) {
        const response = await fetch(`${url}/flux`, { method: 'POST', body: '{}' });
        expect(response.status).toBe(500);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.text()).toBe('{"error":"internal error","status":500}');
      }
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('answers a request Node cannot parse with the same JSON shape, then closes', async () => {
    const answer = await rawExchange(bridge.url, 'THIS IS NOT HTTP\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(answer.slice(answer.indexOf('\r\n\r\n') + 4)).toBe('{"error":"malformed HTTP request","status":400}');
    const huge = await rawExchange(bridge.url, `POST /flux HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge.slice(huge.indexOf('\r\n\r\n') + 4)).toBe('{"error":"request headers are too large","status":431}');
    expect((await fetch(`${bridge.url}/healthz`)).status).toBe(200);
  });

  it('answers 400 to a target no URL can be made of (//), without repeating it, and keeps serving', async () => {
    const answer = await rawExchange(bridge.url, 'POST // HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error: 'request target is not a valid path; send e.g. POST /flux', status: 400 });
    expect((await fetch(`${bridge.url}/healthz`)).status).toBe(200);
  });

  it('does not call the handler for a request whose client left mid-body', async () => {
    let calls = 0;
    const counting: LambdaHttpHandler = async () => { calls += 1; return { statusCode: 202, body: '{}' }; };
    const server = createLocalServer({ routes: { '/flux': counting }, maxBodyBytes: LIMIT });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const answer = await rawExchange(url, 'POST /flux HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"half":', 200);
      expect(answer).toBe('');
      expect(calls).toBe(0);
      expect((await fetch(`${url}/flux`, { method: 'POST', body: '{}' })).status).toBe(202);
      expect(calls).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
