import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { fixtureApplication } from '../helpers/argocd-fixtures.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';
import { FLUX_FIXTURES_DIR } from '../helpers/flux-fixtures.js';
import { deliveredByHandler } from '../helpers/handler-reference.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = join(ROOT, 'bin/cdevents-bridge.mjs');
const HELM_UPGRADE = join(FLUX_FIXTURES_DIR, 'helmrelease-upgrade-succeeded-legacy-summary-token.json');

interface Run { code: number | null; stdout: string; stderr: string }

/** Runs the installed command as a child process (bounded to 20 s) with only the given bridge variables set. */
function runBin(args: string[], options: { env?: Record<string, string>; input?: string; npx?: boolean } = {}): Promise<Run> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/^(BRIDGE_|CDEVENTS_|FLUX_|ARGOCD_)/.test(key)) delete env[key];
  Object.assign(env, options.env);
  const [command, argv] = options.npx ? ['npx', ['--offline', 'cdevents-bridge', ...args]] : [process.execPath, [BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, { cwd: ROOT, env, timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

function printed(run: Run): CDEvent[] {
  return run.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as CDEvent);
}


const idsAndTypes = (events: CDEvent[]) => events.map(({ context }) => `${context.id} ${context.type}`);

describe.concurrent('cdevents-bridge map (child process)', () => {
  it('runs as `npx cdevents-bridge` from the repository root', async () => {
    const run = await runBin(['map', 'flux', HELM_UPGRADE], { npx: true });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(idsAndTypes(printed(run))).toEqual(await handlerIdsAndTypes('flux', readFileSync(HELM_UPGRADE, 'utf8')));
  });

  it('prints a recorded Flux event as the bridge emits it, valid against the official schema', async () => {
    const env = { BRIDGE_CLUSTER: 'prod-eu', BRIDGE_DEFAULT_ENVIRONMENT: 'production' };
    const run = await runBin(['map', 'flux', HELM_UPGRADE], { env });
    const events = printed(run);
    expect(idsAndTypes(events)).toEqual(await handlerIdsAndTypes('flux', readFileSync(HELM_UPGRADE, 'utf8'), env));
    expect(events.map((e) => e.context.type)).toEqual(['dev.cdevents.service.upgraded.0.3.0']);
    expect(events[0]!.context.source).toBe('/flux/prod-eu');
    for (const event of events) assertValidCDEvent(event);
  });

  it('reads an Argo CD notification from standard input, as first seen', async () => {
    const body = JSON.stringify({ context: { argocdInstance: 'lab' }, app: fixtureApplication('application_helm-chart_first-deploy_synced-healthy.yaml') });
    const env = { ARGOCD_REPLAY_WINDOW_SECONDS: '0' };
    const run = await runBin(['map', 'argocd', '-'], { env, input: body });
    const events = printed(run);
    expect(run.code).toBe(0);
    expect(events.length).toBeGreaterThan(0);
    expect(idsAndTypes(events)).toEqual(await handlerIdsAndTypes('argocd', body, env));
    for (const event of events) assertValidCDEvent(event);
  });

  it('--spec 0.4.1 prints 0.4.1 events that pass the 0.4.1 schema', async () => {
    const [event] = printed(await runBin(['map', 'flux', HELM_UPGRADE, '--spec', '0.4.1']));
    expect(event!.context).toMatchObject({ version: '0.4.1', type: 'dev.cdevents.service.upgraded.0.2.0' });
    assertValidCDEvent(event!);
  });

  it('--profile rfc maps by the RFC table where it differs from the semantic one', async () => {
    const run = await runBin(['map', 'flux', HELM_UPGRADE], { env: { FLUX_MAPPING_PROFILE: 'semantic' }, input: '' });
    const rfc = await runBin(['map', 'flux', HELM_UPGRADE, '--profile', 'rfc'], { env: { FLUX_MAPPING_PROFILE: 'semantic' } });
    expect(printed(run).map((e) => e.context.type)).toEqual(['dev.cdevents.service.upgraded.0.3.0']);
    expect(printed(rfc).map((e) => e.context.type)).toEqual(['dev.cdevents.taskrun.finished.0.3.0']);
    for (const event of printed(rfc)) assertValidCDEvent(event);
  });

  it('--mapping applies an override; an ignored event prints the reason and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-e2e-'));
    writeFileSync(join(dir, 'deploys.yaml'), 'HelmRelease/UpgradeSucceeded: service.deployed\n');
    writeFileSync(join(dir, 'quiet.yaml'), 'HelmRelease/UpgradeSucceeded: ignore\n');
    const deployed = printed(await runBin(['map', 'flux', HELM_UPGRADE, '--mapping', join(dir, 'deploys.yaml')]));
    expect(deployed.map((e) => e.context.type)).toEqual(['dev.cdevents.service.deployed.0.3.0']);
    assertValidCDEvent(deployed[0]!);
    const quiet = await runBin(['map', 'flux', HELM_UPGRADE, '--mapping', join(dir, 'quiet.yaml')]);
    expect(quiet).toEqual({ code: 0, stdout: '', stderr: 'nothing emitted: quiet.yaml: HelmRelease/UpgradeSucceeded → ignore: User override in quiet.yaml.\n' });
  });

  it.each([
    ['bad JSON', ['map', 'flux', '-'], '{"token": "s3cr3t-token-value", ', /^cdevents-bridge: request body is not valid JSON: unexpected end of input/],
    ['a missing file', ['map', 'flux', join(ROOT, 'no-such-file.json')], '', /^cdevents-bridge: cannot read .*no-such-file\.json: ENOENT$/],
    ['a bad flag', ['map', 'flux', HELM_UPGRADE, '--spec', '0.3'], '', /^cdevents-bridge: --spec must be one of 0\.5\.1, 0\.4\.1$/],
    ['invalid fields', ['map', 'flux', '-'], '{"involvedObject": {"kind": "s3cr3t-token-value"}}', /^cdevents-bridge: field 'involvedObject\.name' is required/],
  ])('%s: exit 2, one line on stderr, no stack, nothing echoed', async (_name, args, input, message) => {
    const run = await runBin(args, { input });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(run.stderr).not.toMatch(/s3cr3t|\n\s+at /);
  });
});

describe.concurrent('cdevents-bridge validate (child process)', () => {
  it('reports a good mapping file with its rules, and a bad one with one line and exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-e2e-'));
    const good = join(dir, 'mapping.yaml');
    const bad = join(dir, 'broken.yaml');
    writeFileSync(good, '# overrides\nReconciliationFinished: dev.cdevents.pipelinerun.finished\nKustomization/Progressing: ignore\n');
    writeFileSync(bad, 'NewArtifact: artifact.published\nGitOperationFailed: incident.reported\n');
    const ok = await runBin(['validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n')[0]).toBe(`${good}: 2 rules OK (overriding the semantic profile)`);
    expect(ok.stdout).toMatch(/Kustomization\/Progressing\s+ignore/);
    const broken = await runBin(['validate', bad]);
    expect(broken).toEqual({
      code: 2, stdout: '',
      stderr: "cdevents-bridge: rule 'GitOperationFailed: incident.reported' in broken.yaml (line 2): cannot derive required content 'ticketURI'\n",
    });
  });

  it('prints the usage with --help', async () => {
    const run = await runBin(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cdevents-bridge map flux FILE');
  });
});

/** The ids and types the bridge's own handler delivers for the body (empty Argo CD state). */
async function handlerIdsAndTypes(route: 'flux' | 'argocd', body: string, env: Record<string, string> = {}): Promise<string[]> {
  return idsAndTypes((await deliveredByHandler(route, body, env)).events);
}
