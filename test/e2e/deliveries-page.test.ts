// The deliveries page in a real browser: Debian's headless Chromium driven by puppeteer-core (no
// browser download), against the local server with the real webhooks recording. A Flux request
// posted while the page is open appears without a reload, and one click shows its CDEvent as sent
// and its CloudEvent headers; the page runs under its strict CSP without a violation, and data is
// shown as text, never as markup.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fluxSignature } from '../helpers/bridge-harness.js';
import { FIXTURES_ROOT } from '../helpers/cdevents-schemas.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { startDeliveriesBridge, type DeliveriesBridge } from '../helpers/deliveries-bridge.js';
import { sampleRecord } from '../helpers/deliveries-records.js';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const TOKEN = 'deliveries-page-token-01';
const FLUX_BODY = readFileSync(join(FIXTURES_ROOT, 'flux', 'kustomization-progressing-applied.json'), 'utf8');
/** The page polls every 5 s; a row must show within a few polls. */
const ROW_WAIT_MS = 20_000;
const HOSTILE = '<img src=x onerror="window.__injected=1">';

let receiver: CloudEventsReceiver;
let bridge: DeliveriesBridge;
let browser: Browser;
/** What the local server refused (it reports refusals, not successful reads). */
const refusals: [string, string | undefined, number][] = [];

/** A page in a fresh browser context that keeps its console errors and its answers of 400 and above. */
async function newPage(authenticated: boolean) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failures: { path: string; status: number }[] = [];
  // Failed loads are in `failures`, with their path; the console only repeats them without one.
  page.on('console', (message) => { if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) consoleErrors.push(message.text()); });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    // Chromium asks for a favicon on its own; the bridge has none.
    if (response.status() >= 400 && path !== '/favicon.ico') failures.push({ path, status: response.status() });
  });
  if (authenticated) await page.authenticate({ username: 'viewer', password: TOKEN });
  return { page, consoleErrors, failures };
}

const suite = HAVE_CHROMIUM ? describe : describe.skip;
const title = HAVE_CHROMIUM
  ? 'deliveries page in headless Chromium'
  : `deliveries page in headless Chromium: SKIPPED, ${CHROMIUM} is not installed (apt-get install -y chromium)`;

suite(title, () => {
  beforeAll(async () => {
    receiver = await startCloudEventsReceiver();
    bridge = await startDeliveriesBridge(
      { BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: receiver.url, BRIDGE_DELIVERY_TIMEOUT_MS: '1500' },
      { onAnswer: (answer) => { if (answer.status >= 400) refusals.push([answer.method, answer.route, answer.status]); } },
    );
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await bridge?.close();
    await receiver?.close();
  });

  it('asks a browser without credentials to log in (401, Basic)', async () => {
    const { page } = await newPage(false);
    // Headless Chromium has no login prompt to show, so it gives up on the challenge.
    await expect(page.goto(`${bridge.url}/deliveries`)).rejects.toThrow(/ERR_INVALID_AUTH_CREDENTIALS/);
    expect(refusals).toEqual([['GET', '/deliveries', 401]]);
    await page.browserContext().close();
  });

  it('shows a posted event without a reload, and opens its CDEvent and CloudEvent headers in one click', { timeout: 60_000 }, async () => {
    bridge.history.record(sampleRecord({ object: HOSTILE, reason: HOSTILE, status: 200, events: [] }, 1));
    const { page, consoleErrors, failures } = await newPage(true);
    const opened = await page.goto(`${bridge.url}/deliveries`, { waitUntil: 'domcontentloaded' });
    expect(opened?.status()).toBe(200);
    await page.waitForFunction(() => document.getElementById('state')?.textContent?.startsWith('Live'), { timeout: ROW_WAIT_MS });
    expect(await page.$$eval('#deliveries tbody tr', (rows) => rows.length)).toBe(1);
    await page.evaluate(() => { (window as unknown as { loadedOnce: boolean }).loadedOnce = true; });

    const posted = await bridge.fetch('/flux', { method: 'POST', body: FLUX_BODY, headers: { 'content-type': 'application/json', 'x-signature': fluxSignature(FLUX_BODY, TOKEN) } });
    const answer = (await posted.json()) as { events: { id: string; type: string }[] };
    expect(posted.status).toBe(202);
    const eventId = answer.events[0]!.id;

    await page.waitForSelector('#deliveries tbody tr[data-route="flux"][data-status="202"]', { timeout: ROW_WAIT_MS });
    expect(await page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    const row = await page.$eval('#deliveries tbody tr[data-status="202"]', (tr) => tr.textContent ?? '');
    expect(row).toContain('my-app-kustomization');
    expect(row).toContain('http delivered');

    await page.click('#deliveries tbody tr[data-status="202"] td.when button');
    await page.waitForFunction((id) => document.querySelector('#detail pre.cdevent')?.textContent?.includes(id), { timeout: ROW_WAIT_MS }, eventId);
    expect(await page.$eval('#detail', (aside) => (aside as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval('#detail', (aside) => aside.textContent)).not.toMatch(/\bnull\b|\bundefined\b/);
    const shown = JSON.parse(await page.$eval('#detail pre.cdevent', (pre) => pre.textContent ?? ''));
    expect(shown.context.id).toBe(eventId);
    expect(shown).toEqual(JSON.parse(receiver.received.at(-1)!.body));
    const headers = Object.fromEntries(await page.$$eval('#detail table.headers tr', (rows) => rows.map((tr) => [...tr.cells].map((td) => td.textContent))));
    expect(headers).toMatchObject({ 'ce-id': eventId, 'ce-type': answer.events[0]!.type, 'ce-specversion': '1.0', 'content-type': 'application/json' });

    // Filters hide and show rows in place.
    await page.select('#filter-route', 'argocd');
    expect(await page.$$eval('#deliveries tbody tr', (rows) => rows.filter((tr) => !tr.hidden).length)).toBe(0);
    await page.select('#filter-route', '');
    await page.select('#filter-status', '2');
    expect(await page.$$eval('#deliveries tbody tr', (rows) => rows.filter((tr) => !tr.hidden).length)).toBe(2);
    const types = await page.$$eval('#filter-type option', (options) => options.map((o) => o.textContent));
    expect(types).toContain(answer.events[0]!.type.replace(/^dev\.cdevents\./, '').replace(/\.\d+\.\d+\.\d+$/, ''));

    // The hostile row is text: no element was made of it, and nothing ran.
    expect(await page.$eval('#deliveries tbody', (body) => body.textContent)).toContain(HOSTILE);
    expect(await page.$('#deliveries img')).toBeNull();
    expect(await page.evaluate(() => (window as unknown as { __injected?: number }).__injected)).toBeUndefined();
    // No CSP violation, script error or failed load (the login challenge is answered inside the browser).
    expect(consoleErrors).toEqual([]);
    expect(failures).toEqual([]);
    await page.browserContext().close();
  });
});
