// `GET /deliveries` over loopback HTTP, behind the real local server, with the real Flux and Argo CD
// webhooks recording into the history it shows: auth like the webhooks' (bearer, Basic with a token
// as password, a Basic challenge otherwise), JSON or the page by Accept, strict page headers, each
// CDEvent as sent with its CloudEvent headers, and nothing secret in any answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnsweredRequest } from '../../lib/local/request-line.js';
import { fluxSignature } from '../helpers/bridge-harness.js';
import { assertValidCDEvent, FIXTURES_ROOT } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { basicAuth, startDeliveriesBridge, type DeliveriesBridge } from '../helpers/deliveries-bridge.js';

const TOKEN = 'deliveries-token-0001';
const FLUX_BODY = readFileSync(join(FIXTURES_ROOT, 'flux', 'kustomization-progressing-applied.json'), 'utf8');
const ARGO_BODY = readFileSync(join(FIXTURES_ROOT, 'argocd', 'webhook-body_multisource-helm_first-deploy_synced-healthy.json'), 'utf8');
const JSON_ACCEPT = { accept: 'application/json' };
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

let receiver: CloudEventsReceiver;
let bridge: DeliveriesBridge;
const answers: AnsweredRequest[] = [];

beforeAll(async () => {
  receiver = await startCloudEventsReceiver();
  bridge = await startDeliveriesBridge(
    { BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: receiver.url, BRIDGE_DELIVERY_TIMEOUT_MS: '1500', ARGOCD_REPLAY_WINDOW_SECONDS: '0' },
    { onAnswer: (answer) => answers.push(answer) },
  );
});

afterAll(async () => {
  await bridge?.close();
  await receiver?.close();
});

beforeEach(() => {
  answers.length = 0;
});

const bearer = { authorization: `Bearer ${TOKEN}` };

async function postFlux(): Promise<Response> {
  return bridge.fetch('/flux', { method: 'POST', body: FLUX_BODY, headers: { 'content-type': 'application/json', 'x-signature': fluxSignature(FLUX_BODY, TOKEN) } });
}

async function listJson(query = ''): Promise<{ recording: boolean; cursor: number; deliveries: Record<string, any>[] }> {
  const response = await bridge.fetch(`/deliveries${query}`, { headers: { ...bearer, ...JSON_ACCEPT } });
  expect(response.status).toBe(200);
  return response.json();
}

describe('GET /deliveries: authentication', () => {
  it.each(['/deliveries', '/deliveries/app.js', '/deliveries/1'])('answers %s without credentials with 401 and a Basic challenge', async (path) => {
    const response = await bridge.fetch(path, { headers: { accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm="cdevents-bridge"/);
    expect(await response.json()).toMatchObject({ status: 401, error: expect.stringContaining('missing credentials') });
  });

  it.each([
    ['a wrong bearer token', 'Bearer not-the-token-0001'],
    ['Basic with a wrong password', basicAuth('not-the-token-0001')],
    ['Basic with the token as user name', `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`],
  ])('refuses %s with 401', async (_, authorization) => {
    const response = await bridge.fetch('/deliveries', { headers: { authorization, ...JSON_ACCEPT } });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('accepts a bearer token and Basic with the token as password (any user name)', async () => {
    for (const authorization of [`Bearer ${TOKEN}`, basicAuth(TOKEN), basicAuth(TOKEN, '')]) {
      const response = await bridge.fetch('/deliveries', { headers: { authorization, ...JSON_ACCEPT } });
      expect(response.status, authorization.split(' ')[0]).toBe(200);
    }
  });

  it('answers only GET', async () => {
    const response = await bridge.fetch('/deliveries', { method: 'POST', headers: bearer, body: '{}' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });
});

describe('GET /deliveries: page or JSON', () => {
  it('gives a browser the page, with no inline script or style, under a same-origin CSP', async () => {
    const response = await bridge.fetch('/deliveries', { headers: { authorization: basicAuth(TOKEN), accept: BROWSER_ACCEPT } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toMatch(/^default-src 'self';.*frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await response.text();
    expect(html).toContain('<script type="module" src="deliveries/app.js"></script>');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
  });

  it.each([
    ['app.js', 'text/javascript; charset=utf-8'],
    ['dom.js', 'text/javascript; charset=utf-8'],
    ['detail.js', 'text/javascript; charset=utf-8'],
    ['app.css', 'text/css; charset=utf-8'],
  ])('serves the page file %s as %s', async (name, type) => {
    const response = await bridge.fetch(`/deliveries/${name}`, { headers: bearer });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await response.text()).length).toBeGreaterThan(100);
  });

  it('never puts data into HTML: the page scripts set text only', async () => {
    for (const name of ['app.js', 'dom.js', 'detail.js']) {
      const script = await (await bridge.fetch(`/deliveries/${name}`, { headers: bearer })).text();
      expect(script, name).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });

  it('answers JSON to a client that does not ask for HTML', async () => {
    for (const accept of ['application/json', '*/*', undefined]) {
      const response = await bridge.fetch('/deliveries', { headers: { ...bearer, ...(accept ? { accept } : {}) } });
      expect(response.headers.get('content-type'), String(accept)).toBe('application/json');
      expect(await response.json()).toMatchObject({ recording: true, deliveries: expect.any(Array) });
    }
  });

  it('refuses a bad query with 400 naming the parameter, and an unknown delivery or path with 404', async () => {
    const bad = await bridge.fetch('/deliveries?limit=0', { headers: bearer });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toContain('limit');
    for (const path of ['/deliveries/999999', '/deliveries/..%2Fpackage.json', '/deliveries/index.html', '/deliveries/0']) {
      expect((await bridge.fetch(path, { headers: bearer })).status, path).toBe(404);
    }
  });
});

describe('GET /deliveries: what the webhooks recorded', () => {
  it('lists a Flux request with its events and sink outcomes, and details each CDEvent as sent', async () => {
    const before = (await listJson()).cursor;
    receiver.received.length = 0;
    const posted = await postFlux();
    expect(posted.status).toBe(202);
    const page = await listJson(`?since=${before}`);
    expect(page.cursor).toBe(before + 1);
    expect(page.deliveries).toHaveLength(1);
    const row = page.deliveries[0]!;
    expect(row).toMatchObject({ seq: before + 1, route: 'flux', status: 202, object: expect.stringContaining('my-app-kustomization') });
    expect(row.events.length).toBeGreaterThan(0);
    expect(row.events[0]).toEqual({ id: expect.any(String), type: expect.stringMatching(/^dev\.cdevents\./), subject: expect.any(String), sinks: [{ sink: 'http', outcome: 'delivered', attempt: 1 }] });
    expect(row.events[0]).not.toHaveProperty('cdevent');

    const detail = await (await bridge.fetch(`/deliveries/${row.seq}`, { headers: bearer })).json();
    expect(detail.events.map((e: any) => e.cdevent.context.id)).toEqual(row.events.map((e: any) => e.id));
    for (const [i, event] of detail.events.entries()) {
      assertValidCDEvent(event.cdevent);
      // The event as the broker received it, and the binary-mode headers it came with.
      const delivered = receiver.received[i]!;
      expect(event.cdevent).toEqual(JSON.parse(delivered.body));
      expect(event.cloudEventHeaders).toMatchObject({ 'content-type': 'application/json', 'ce-specversion': '1.0', 'ce-id': event.cdevent.context.id, 'ce-type': event.cdevent.context.type });
      for (const [name, value] of Object.entries(event.cloudEventHeaders)) if (name.startsWith('ce-')) expect(delivered.headers[name], name).toBe(value);
    }
  });

  it('lists an Argo CD request and filters by route, status and type', async () => {
    const posted = await bridge.fetch('/argocd', { method: 'POST', body: ARGO_BODY, headers: { ...bearer, 'content-type': 'application/json' } });
    expect(posted.status).toBe(202);
    await postFlux();
    const argo = await listJson('?route=argocd');
    expect(argo.deliveries.length).toBeGreaterThan(0);
    expect(argo.deliveries.every((row) => row.route === 'argocd')).toBe(true);
    const type = argo.deliveries[0]!.events[0]!.type.replace(/^dev\.cdevents\./, '').replace(/\.\d+\.\d+\.\d+$/, '');
    const byType = await listJson(`?type=${type}`);
    expect(byType.deliveries.length).toBeGreaterThan(0);
    expect(byType.deliveries.every((row) => row.events.some((e: any) => e.type.includes(`.${type}.`)))).toBe(true);
    expect((await listJson('?status=4xx')).deliveries.every((row) => row.status >= 400 && row.status < 500)).toBe(true);
    expect((await listJson('?limit=1')).deliveries).toHaveLength(1);
  });

  it('shows no token, signature or credential anywhere, and keeps no rejected request', async () => {
    const before = (await listJson()).cursor;
    const unsigned = await bridge.fetch('/flux', { method: 'POST', body: FLUX_BODY, headers: { authorization: 'Bearer wrong-token-0001', 'content-type': 'application/json' } });
    expect(unsigned.status).toBe(401);
    await postFlux();
    const page = await listJson(`?since=${before}`);
    expect(page.deliveries).toHaveLength(1);
    const texts = [JSON.stringify(page)];
    texts.push(await (await bridge.fetch(`/deliveries/${page.deliveries[0]!.seq}`, { headers: bearer })).text());
    texts.push(await (await bridge.fetch('/deliveries', { headers: { ...bearer, accept: BROWSER_ACCEPT } })).text());
    for (const text of texts) {
      for (const secret of [TOKEN, 'wrong-token-0001', fluxSignature(FLUX_BODY, TOKEN).slice(7), Buffer.from(`viewer:${TOKEN}`).toString('base64')]) {
        expect(text).not.toContain(secret);
      }
      expect(text.toLowerCase()).not.toMatch(/"(authorization|x-signature|headers|body)"/);
    }
  });

  it('does not print a line per successful read (an open page polls), but does for a refused one', async () => {
    await bridge.fetch('/deliveries', { headers: bearer });
    await bridge.fetch('/deliveries/app.js', { headers: bearer });
    await bridge.fetch('/deliveries');
    await postFlux();
    expect(answers.map((a) => [a.method, a.route, a.status])).toEqual([['GET', '/deliveries', 401], ['POST', '/flux', 202]]);
  });
});
