import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/sample-notifications.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
let child: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let baseUrl = '';

/** Waits (bounded) until the output matches. */
async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = read().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${pattern}; stderr:\n${stderr}`);
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
  for (const key of ['BRIDGE_TOKENS', 'BRIDGE_TOKEN_SECRET_ID', 'CDEVENTS_SINK_URL', 'CDEVENTS_EVENT_BUS', 'LOG_LEVEL']) delete env[key];
  child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lib/local/start.ts'], { cwd: ROOT, env });
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  baseUrl = (await waitFor(() => stderr, /listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
});

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('npm start', () => {
  it('prints the routes, the sink in use and a curl example with the local token', () => {
    expect(stderr).toContain(`POST ${baseUrl}/flux`);
    expect(stderr).toContain(`POST ${baseUrl}/argocd`);
    expect(stderr).toContain('standard output');
    expect(stderr).toContain("-H 'Authorization: Bearer local-dev-token'");
  });

  it('shows what shapes the events: spec version, Flux profile and mapping file, Argo CD age bound', () => {
    expect(stderr).toContain('CDEvents spec 0.5.1 (CDEVENTS_SPEC_VERSION)');
    expect(stderr).toContain('Flux mapping profile semantic (FLUX_MAPPING_PROFILE), no mapping file (BRIDGE_MAPPING_FILE)');
    expect(stderr).toContain('Argo CD: late notifications emit once, replays of what was emitted emit nothing; no age bound (ARGOCD_MAX_EVENT_AGE_SECONDS=0)');
  });

  it('accepts the printed Argo CD example as pasted, then reports the repeat as a duplicate', async () => {
    const example = stderr.slice(stderr.indexOf('Try Argo CD'));
    const url = example.match(/curl -sS -X POST (\S+) \\/)?.[1];
    const headers = Object.fromEntries([...example.matchAll(/-H '([^:']+): ([^']+)'/g)].map((m) => [m[1]!, m[2]!]));
    const body = example.match(/^ {2}-d '(.*)'$/m)?.[1];
    expect(url).toBe(`${baseUrl}/argocd`);
    const first = await fetch(url!, { method: 'POST', headers, body });
    expect(first.status, await first.clone().text()).toBe(202);
    expect(await first.json()).toMatchObject({ status: 'accepted', events: [{ type: expect.stringMatching(/^dev\.cdevents\.service\.deployed\./) }] });
    const again = await fetch(url!, { method: 'POST', headers, body });
    expect(again.status).toBe(200);
    await waitFor(() => stderr, /^\d\d:\d\d:\d\d POST \/argocd 200 ignored: duplicate: this notification was already processed$/m);
  });

  it('prints one line per request: time, route, status, then the events, the ignore reason or a warning', async () => {
    const post = (path: string, body: unknown, token = 'local-dev-token') => fetch(`${baseUrl}${path}`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const accepted = await (await post('/flux', SAMPLE_FLUX_EVENT)).json() as { events: { id: string }[] };
    await waitFor(() => stderr, new RegExp(`^\\d\\d:\\d\\d:\\d\\d POST /flux 202 service\\.upgraded ${accepted.events[0]!.id.slice(0, 8)}…$`, 'm'));
    expect((await post('/flux', { ...SAMPLE_FLUX_EVENT, reason: 'DependencyNotReady', severity: 'info' })).status).toBe(200);
    await waitFor(() => stderr, /^\d\d:\d\d:\d\d POST \/flux 200 ignored: .+$/m);
    expect((await post('/argocd', SAMPLE_FLUX_EVENT, 'wrong-token-123')).status).toBe(401);
    await waitFor(() => stderr, /^\d\d:\d\d:\d\d POST \/argocd 401 warning: invalid Authorization header: the token is not accepted$/m);
    // The request lines carry neither the token sent nor the body.
    const lines = stderr.split('\n').filter((line) => /^\d\d:\d\d:\d\d /.test(line));
    expect(lines.join('\n')).not.toMatch(/wrong-token-123|local-dev-token|podinfo@6\.6\.1/);
    expect(lines.every((line) => !line.startsWith('{'))).toBe(true);
  });

  it('answers the health check', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('turns the printed sample into a CloudEvent line on standard output', async () => {
    const response = await fetch(`${baseUrl}/flux`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-dev-token', 'content-type': 'application/json' },
      body: JSON.stringify(SAMPLE_FLUX_EVENT),
    });
    expect(response.status).toBe(202);
    const line = (await waitFor(() => stdout, /^\{.*"specversion":"1\.0".*"type":"dev\.cdevents\.service\.upgraded\.0\.3\.0".*\}$/m))[0];
    const cloudEvent = JSON.parse(line) as { type: string; data: CDEvent; subject: string };
    expect(cloudEvent.type).toBe('dev.cdevents.service.upgraded.0.3.0');
    expect(cloudEvent.subject).toBe(cloudEvent.data.subject.id);
    assertValidCDEvent(cloudEvent.data);
  });

  it('rejects a request without the token', async () => {
    const response = await fetch(`${baseUrl}/flux`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });

  it('verifies X-Signature over the exact bytes, also when they are not valid UTF-8', async () => {
    // 0xff and 0xfe never occur in UTF-8; decoding them to text would change the signed bytes.
    const text = JSON.stringify({ ...SAMPLE_FLUX_EVENT, message: `${SAMPLE_FLUX_EVENT.message} NOT_UTF8` });
    const [before, after] = text.split('NOT_UTF8') as [string, string];
    const body = Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]);
    expect(body.toString('utf8') === body.toString('latin1')).toBe(false);
    const sign = (bytes: Buffer) => `sha256=${createHmac('sha256', 'local-dev-token').update(bytes).digest('hex')}`;
    const post = (signature: string) => fetch(`${baseUrl}/flux`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signature }, body,
    });
    const accepted = await post(sign(body));
    expect(accepted.status, await accepted.clone().text()).toBe(202);
    expect(await accepted.json()).toMatchObject({ status: 'accepted' });
    // A signature over the text the bytes decode to is not a signature over the bytes.
    const overText = await post(sign(Buffer.from(body.toString('utf8'))));
    expect(overText.status).toBe(401);
    const wrong = await post(sign(Buffer.from('{}')));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.stringMatching(/^invalid X-Signature/), status: 401 });
  });

  it('survives a client that leaves in the middle of a body, and serves the next request', async () => {
    const socket = connect(Number(new URL(baseUrl).port), '127.0.0.1');
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const half = JSON.stringify(SAMPLE_FLUX_EVENT).slice(0, 100);
    socket.write(`POST /flux HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer local-dev-token\r\n`
      + `Content-Type: application/json\r\nContent-Length: ${half.length * 2}\r\n\r\n${half}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(child.exitCode).toBeNull();
    const response = await fetch(`${baseUrl}/flux`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-dev-token', 'content-type': 'application/json' },
      body: JSON.stringify(SAMPLE_FLUX_EVENT),
    });
    expect(response.status).toBe(202);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('answers an unknown path with a JSON 404 that does not repeat the path', async () => {
    const response = await fetch(`${baseUrl}/no-such-route-xyz`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe('application/json');
    const body = await response.json() as { error: string; status: number };
    expect(body).toEqual({ error: 'no such route; the routes are /flux, /argocd, /deliveries', status: 404 });
  });

  it('answers another method than POST through the handler: 405 with Allow and the same JSON shape', async () => {
    const response = await fetch(`${baseUrl}/argocd`, { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(await response.json()).toEqual({ error: 'method GET is not allowed; use POST', status: 405 });
  });
});
