
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { runCli } from '../../lib/cli/run-cli.js';
import { argoFixtureNames, fixtureApplication, loadArgoFixture } from '../helpers/argocd-fixtures.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { FLUX_FIXTURES_DIR, fluxFixtureNames, syntheticBody } from '../helpers/flux-fixtures.js';
import { deliveredByHandler } from '../helpers/handler-reference.js';

type Env = Record<string, string>;

/** Runs the CLI in this process with the given environment and standard input. */
async function cli(args: string[], env: Env = {}, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    env, stdin: Readable.from([Buffer.from(stdin)]),
    stdout: (text) => { stdout += text; },
    stderr: (text) => { stderr += text; },
  });
  return { code, stdout, stderr };
}


function lines(stdout: string): CDEvent[] {
  return stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CDEvent);
}

/** Runs the CLI and the handler on one body and asserts they agree event for event (or on the reason). */
async function expectSameAsHandler(route: 'flux' | 'argocd', body: string, env: Env, args: string[] = []): Promise<CDEvent[]> {
  const run = await cli(['map', route, '-', ...args], env, body);
  const reference = await handlerEvents(route, body, env);
  expect(run.code).toBe(0);
  const printed = lines(run.stdout);
  expect(printed).toEqual(reference.events);
  if (printed.length === 0) expect(run.stderr.split('\n')[0]).toBe(`nothing emitted: ${reference.json.reason}`);
  for (const event of printed) assertValidCDEvent(event);
  return printed;
}

describe('map gives what the running bridge emits', () => {
  it.each(fluxFixtureNames().filter((name) => !name.startsWith('rfc0008')))('flux %s, both profiles and spec versions', async (name) => {
    const body = readFileSync(join(FLUX_FIXTURES_DIR, name), 'utf8');
    for (const [profile, spec] of [['semantic', '0.5.1'], ['rfc', '0.4.1']] as const) {
      await expectSameAsHandler('flux', body, { FLUX_MAPPING_PROFILE: profile, CDEVENTS_SPEC_VERSION: spec, BRIDGE_CLUSTER: 'prod-eu' });
    }
  });

  it.each(argoFixtureNames())('argocd %s as first seen', async (name) => {
    const body = JSON.stringify(name.endsWith('.json') ? loadArgoFixture(name) : { context: { argocdInstance: 'lab' }, app: fixtureApplication(name) });
    const printed = await expectSameAsHandler('argocd', body, { ARGOCD_INSTANCE: 'lab-eu' });
    // Every recorded webhook body emits when current; a bare Application may repeat its own history.
    if (name.endsWith('.json')) expect(printed.length).toBeGreaterThan(0);
  });

  it('prints nothing and says why for a recorded notification older than a configured age bound', async () => {
    const body = JSON.stringify(loadArgoFixture('webhook-body_single-source-git_upgrade_synced-healthy_history-limit-10.json'));
    await expectSameAsHandler('argocd', body, { ARGOCD_MAX_EVENT_AGE_SECONDS: '86400' });
    const run = await cli(['map', 'argocd', '-'], { ARGOCD_MAX_EVENT_AGE_SECONDS: '86400' }, body);
    expect(run.stderr).toMatch(/^nothing emitted: stale: .*ARGOCD_MAX_EVENT_AGE_SECONDS.*\nnote: .*ARGOCD_MAX_EVENT_AGE_SECONDS=0/);
  });

  it('reads the deprecated ARGOCD_REPLAY_WINDOW_SECONDS as an age bound of at least a day', async () => {
    const body = JSON.stringify(loadArgoFixture('webhook-body_single-source-git_upgrade_synced-healthy_history-limit-10.json'));
    const run = await cli(['map', 'argocd', '-'], { ARGOCD_REPLAY_WINDOW_SECONDS: '900' }, body);
    expect(run.stderr).toMatch(/^nothing emitted: stale: .*ARGOCD_MAX_EVENT_AGE_SECONDS/);
    const off = await cli(['map', 'argocd', '-'], { ARGOCD_REPLAY_WINDOW_SECONDS: '0' }, body);
    expect(off.stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('settings', () => {
  const upgrade = JSON.stringify(syntheticBody({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1', metadata: { revision: '6.6.1' } }));

  it('flags win over the environment', async () => {
    const env = { CDEVENTS_SPEC_VERSION: '0.5.1', FLUX_MAPPING_PROFILE: 'semantic' };
    const [event] = lines((await cli(['map', 'flux', '-', '--spec', '0.4.1', '--profile', 'rfc'], env, upgrade)).stdout);
    const [reference] = (await handlerEvents('flux', upgrade, { CDEVENTS_SPEC_VERSION: '0.4.1', FLUX_MAPPING_PROFILE: 'rfc' })).events;
    expect(event).toEqual(reference);
    expect(event!.context.version).toBe('0.4.1');
  });

  it('reads the mapping file from --mapping over BRIDGE_MAPPING_FILE', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-run-'));
    writeFileSync(join(dir, 'a.yaml'), 'HelmRelease/UpgradeSucceeded: ignore\n');
    writeFileSync(join(dir, 'b.yaml'), 'HelmRelease/UpgradeSucceeded: service.deployed\n');
    const fromEnv = await cli(['map', 'flux', '-'], { BRIDGE_MAPPING_FILE: join(dir, 'a.yaml') }, upgrade);
    expect(fromEnv.stdout).toBe('');
    expect(fromEnv.stderr).toBe('nothing emitted: a.yaml: HelmRelease/UpgradeSucceeded → ignore: User override in a.yaml.\n');
    const fromFlag = await cli(['map', 'flux', '-', '--mapping', join(dir, 'b.yaml')], { BRIDGE_MAPPING_FILE: join(dir, 'a.yaml') }, upgrade);
    expect(lines(fromFlag.stdout).map((e) => e.context.type)).toEqual(['dev.cdevents.service.deployed.0.3.0']);
  });

  it('needs no token and ignores sink, AWS and state settings', async () => {
    const env = { BRIDGE_TOKENS: 'short', CDEVENTS_SINK_URL: 'ftp://nowhere', CDEVENTS_EVENT_BUS: 'not a bus', ARGOCD_STATE_TABLE: 'table', BRIDGE_CLUSTER: 'prod-eu' };
    const run = await cli(['map', 'flux', '-'], env, upgrade);
    expect(run.code).toBe(0);
    expect(lines(run.stdout)[0]!.context.source).toBe('/flux/prod-eu');
  });

  it('refuses a body over BRIDGE_MAX_BODY_BYTES with the bridge message', async () => {
    const big = JSON.stringify({ padding: 'x'.repeat(2_000) });
    const run = await cli(['map', 'flux', '-'], { BRIDGE_MAX_BODY_BYTES: '1024' }, big);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'cdevents-bridge: request body exceeds the limit of 1024 bytes\n' });
  });
});

describe('bad input and arguments: exit 2, one line, nothing echoed', () => {
  it.each([
    [['map', 'flux', '-'], '{"token":"s3cr3t-value",', 'request body is not valid JSON: unexpected end of input'],
    [['map', 'argocd', '-'], '{"app":{"metadata":{"name":"s3cr3t-value"}}}', "field 'app.metadata.namespace' is required"],
    [['map', 'flux', '-'], '"s3cr3t-value"', 'request body must be a JSON object, got a string'],
    [['map', 'flux', '-'], '', 'request body is empty'],
    [['map', 'gitlab', '-'], '{}', 'unknown source; use flux or argocd'],
    [['map', 'flux'], '{}', "map flux needs a FILE ('-' for standard input)"],
    [['map', 'flux', 'a', 'b'], '{}', 'map flux takes one FILE, got 2'],
    [['deploy'], '{}', 'unknown command; use map or validate'],
    [['map', 'flux', '-', '--profile', 'fancy'], '{}', '--profile must be one of semantic, rfc'],
    [['map', 'flux', '-', '--spec'], '{}', "option '--spec <value>' argument missing"],
    [['map', 'flux', '/nonexistent/s3cr3t-value.json'], '', 'cannot read /nonexistent/s3cr3t-value.json: ENOENT'],
  ])('%j', async (args, stdin, message) => {
    const run = await cli(args, {}, stdin);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cdevents-bridge: ${message}`);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    if (!args.some((arg) => arg.includes('s3cr3t'))) expect(run.stderr).not.toContain('s3cr3t');
  });

  it('refuses an age bound shorter than a day, naming the variable', async () => {
    const run = await cli(['map', 'argocd', '-'], { ARGOCD_MAX_EVENT_AGE_SECONDS: '900' }, '{}');
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cdevents-bridge: ARGOCD_MAX_EVENT_AGE_SECONDS must be 0 \(no age bound\) or from 86400/) });
  });

  it('names the variable of an invalid setting', async () => {
    const run = await cli(['map', 'argocd', '-'], { ARGOCD_REPLAY_WINDOW_SECONDS: '-1' }, '{}');
    expect(run).toMatchObject({ code: 2, stderr: expect.stringMatching(/^cdevents-bridge: ARGOCD_REPLAY_WINDOW_SECONDS must be an integer/) });
  });

  it('prints the usage for --help and without arguments', async () => {
    for (const args of [['--help'], [], ['map', '-h']]) {
      const run = await cli(args);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^Usage:\n {2}cdevents-bridge map flux FILE/);
    }
  });
});

/** The handler's events for a body, failing unless it answered 200 or 202. */
async function handlerEvents(route: 'flux' | 'argocd', body: string, env: Env): Promise<{ events: CDEvent[]; json: Record<string, unknown> }> {
  const reference = await deliveredByHandler(route, body, env);
  expect([200, 202]).toContain(reference.status);
  return reference;
}
