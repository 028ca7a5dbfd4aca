import { describe, expect, it } from 'vitest';
import { argoStatusSubject } from '../../lib/commit-status/plan/argo-status-subject.js';
import { fluxStatusSubject } from '../../lib/commit-status/plan/flux-status-subject.js';
import { repositoryIdentity } from '../../lib/commit-status/plan/match-event-source.js';
import { statusKey } from '../../lib/commit-status/plan/status-text.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { statusPlan } from '../../lib/webhook/plan-status-jobs.js';
import type { WebhookRuntime } from '../../lib/webhook/webhook-runtime.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { COMMIT, loadFluxFixture, syntheticBody, syntheticEvent } from '../helpers/flux-fixtures.js';
import { argoFlow, fluxWrites, targetsOf } from '../helpers/git-peers/status-flow.js';

const KUSTOMIZATIONS = { kind: 'Kustomization', name: '*' };
const github = (fields: Record<string, unknown> = {}) => ({ name: 'gh', provider: 'github', address: 'https://github.com/acme/deploy', token: 't', eventSources: [KUSTOMIZATIONS], ...fields });

describe('status subjects', () => {
  it.each([
    [{ revision: `main@sha1:${COMMIT}` }, COMMIT],
    [{ revision: `main/${COMMIT}` }, COMMIT],
    [{ revision: 'main@sha1:abc', originRevision: `v1@sha1:${'b'.repeat(40)}` }, 'b'.repeat(40)],
    [{ revision: `main@sha1:${COMMIT}`, commit: 'C'.repeat(40) }, 'c'.repeat(40)],
    [{ revision: 'latest@sha256:0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5' }, undefined],
    [{ revision: '6.6.1' }, undefined],
  ])('Flux commit from %o → %s', (metadata, sha) => {
    const subject = fluxStatusSubject(syntheticEvent({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata }));
    expect(subject.revisions[0]?.sha).toBe(sha);
  });

  it('Argo CD: each git source with its synced commit, charts skipped, the app page as link', () => {
    const sim = new ArgoAppSimulator({ sources: [{ repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0' }, { repoURL: 'https://github.com/acme/values', ref: 'values' }] });
    sim.deploy(['1.0.0', 'a'.repeat(40)]);
    expect(argoStatusSubject(parseArgoNotification(sim.body('deployed')))).toEqual({
      tool: 'argocd', object: { kind: 'Application', name: 'shop', namespace: 'argocd' }, reason: 'deployed',
      revisions: [{ repoUrl: 'https://github.com/acme/values', sha: 'a'.repeat(40) }],
      url: 'https://argocd.example.com/applications/argocd/shop',
    });
  });

  it('repository identities ignore case, scheme, user, port and .git', () => {
    const same = ['https://GitHub.com/Acme/Deploy.git', 'git@github.com:acme/deploy.git', 'ssh://git@github.com:22/acme/deploy', 'https://github.com/acme/deploy/'];
    expect(new Set(same.map(repositoryIdentity))).toEqual(new Set(['github.com/acme/deploy']));
  });
});

describe('planStatusWrites with real Flux fixtures', () => {
  it('ReconciliationSucceeded (legacy main/<sha>) → success; context = environment/kind/namespace/name', () => {
    const [write] = fluxWrites(targetsOf(github()), loadFluxFixture('kustomization-reconciliation-succeeded-commit-status-legacy.json'));
    expect(write).toMatchObject({
      target: 'gh', sha: '132f4e719209eb10b9485302f8593fc0e680f4fc', state: 'success',
      context: 'default/flux-system/kustomization/flux-system/podinfo',
      description: 'reconciliation succeeded · default/flux-system · 132f4e7', eventTime: '2021-12-19T16:16:24.000Z',
    });
  });

  it('Progressing with a change set → pending; ArtifactFailed → failure', () => {
    const targets = targetsOf(github({ prefix: 'production' }));
    expect(fluxWrites(targets, loadFluxFixture('kustomization-progressing-applied.json'))[0]).toMatchObject({ state: 'pending', sha: COMMIT, context: 'production/kustomization/flux-system/my-app-kustomization' });
    expect(fluxWrites(targets, loadFluxFixture('kustomization-artifact-failed.json'))[0]).toMatchObject({ state: 'failure', description: `artifact failed · default/flux-system · ${COMMIT.slice(0, 7)}` });
  });

  it('two environments deploying one commit get two contexts', () => {
    const body = syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}` } });
    const staging = fluxWrites(targetsOf(github()), body, { cluster: 'c', defaultEnvironment: 'staging' });
    const production = fluxWrites(targetsOf(github()), body, { cluster: 'c', defaultEnvironment: 'production' });
    expect([staging[0]?.context, production[0]?.context]).toEqual(['staging/kustomization/flux-system/apps', 'production/kustomization/flux-system/apps']);
  });

  it('no status: unmatched object, other namespace, no commit, a source event, a HelmRelease chart version', () => {
    const body = syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}` } });
    expect(fluxWrites(targetsOf(github({ eventSources: [{ kind: 'Kustomization', name: 'other' }] })), body)).toEqual([]);
    expect(fluxWrites(targetsOf(github({ eventSources: [{ kind: 'Kustomization', name: 'ap*', namespace: 'apps' }] })), body)).toEqual([]);
    expect(fluxWrites(targetsOf(github({ eventSources: [{ kind: 'Kustomization', name: 'ap*', namespace: 'flux-system' }] })), body)).toHaveLength(1);
    expect(fluxWrites(targetsOf(github()), syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: 'main@sha1:abc' } }))).toEqual([]);
    const all = github({ eventSources: [{ kind: 'GitRepository', name: '*' }, { kind: 'HelmRelease', name: '*' }] });
    expect(fluxWrites(targetsOf(all), syntheticBody({ kind: 'GitRepository', reason: 'NewArtifact', metadata: { revision: `main@sha1:${COMMIT}` } }))).toEqual([]);
    expect(fluxWrites(targetsOf(all), syntheticBody({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', metadata: { revision: '6.6.1' } }))).toEqual([]);
  });

  it('GitHub descriptions are cut to 140 characters, others to 255; long contexts stay unique within 255', () => {
    const body = syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}`, environment: `${'é'.repeat(300)}😀` } });
    const [gh] = fluxWrites(targetsOf(github()), body);
    const [gl] = fluxWrites(targetsOf(github({ provider: 'gitlab', address: 'https://gitlab.com/acme/deploy' })), body);
    expect(Array.from(gh?.description ?? '')).toHaveLength(140);
    expect(Array.from(gl?.description ?? '')).toHaveLength(255);
    expect(Array.from(gh?.context ?? '')).toHaveLength(255);
    expect(gh?.context).toMatch(/…[0-9a-f]{8}$/);
    expect(statusKey(gh?.context ?? '')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('Flux links come from the targetUrl template, values URL-encoded', () => {
    const body = syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}` } });
    const [write] = fluxWrites(targetsOf(github({ targetUrl: 'https://grafana.example.com/d/flux?var-kind={kind}&var-ns={namespace}&var-name={name}&sha={sha}' })), body);
    expect(write?.url).toBe(`https://grafana.example.com/d/flux?var-kind=Kustomization&var-ns=flux-system&var-name=apps&sha=${COMMIT}`);
    expect(JSON.parse(JSON.stringify(write))).toEqual(write);
  });
});

describe('planStatusWrites with Argo CD sequences through the real processor', () => {
  const SHA = (n: number) => String(n).repeat(40);
  const apps = { kind: 'Application', name: 'shop*' };

  it('deploy → success on the app repo (case and .git ignored); failed sync → failure; resync and delete → nothing', async () => {
    const sim = new ArgoAppSimulator({ sources: [{ repoURL: 'https://github.com/Acme/Shop.git', path: 'deploy', targetRevision: 'main' }] });
    const step = argoFlow(targetsOf(github({ address: 'https://github.com/acme/shop', eventSources: [apps] })), () => sim.now());
    expect(await step(sim.body('created'))).toEqual([]);
    sim.deploy(SHA(1));
    expect(await step(sim.body('deployed'))).toEqual([expect.objectContaining({
      sha: SHA(1), state: 'success', context: 'prod/shop/application/argocd/shop', url: 'https://argocd.example.com/applications/argocd/shop',
      description: `deployed · prod/shop · ${SHA(1).slice(0, 7)}`,
    })]);
    sim.resync();
    expect(await step(sim.body('deployed'))).toEqual([]);
    sim.failSync(SHA(2));
    expect(await step(sim.body('sync-failed'))).toEqual([expect.objectContaining({ sha: SHA(2), state: 'failure' })]);
    sim.delete();
    expect(await step(sim.body('deleted'))).toEqual([]);
  });

  it('multi-source: the status goes on the source whose repo is the target address; other repos get nothing', async () => {
    const sources = [{ repoURL: 'https://github.com/acme/app', path: 'k8s', targetRevision: 'main' }, { repoURL: 'https://github.com/acme/values', targetRevision: 'main', ref: 'values' }];
    const sim = new ArgoAppSimulator({ sources });
    const targets = targetsOf(
      github({ name: 'values', address: 'https://github.com/acme/values', eventSources: [apps] }),
      github({ name: 'elsewhere', address: 'https://github.com/acme/other', eventSources: [apps] }),
    );
    const step = argoFlow(targets, () => sim.now());
    sim.deploy([SHA(3), SHA(4)]);
    expect(await step(sim.body('deployed'))).toEqual([expect.objectContaining({ target: 'values', sha: SHA(4), state: 'success' })]);
  });
});

describe('statusPlan', () => {
  const runtimeWith = (targets: unknown[]) => ({ config: { commitStatus: { targets } }, sinks: new Map() }) as unknown as WebhookRuntime;

  it('plans nothing, and works out no subject, without commit-status targets', () => {
    let asked = 0;
    expect(statusPlan(runtimeWith([]), 'source', () => { asked += 1; return undefined; })).toBeUndefined();
    expect(asked).toBe(0);
  });

  it('works out the subject only when the plan is taken', () => {
    const asked: string[] = [];
    const plan = statusPlan(runtimeWith([github()]), 'source', (source) => { asked.push(source); return undefined; });
    expect(asked).toEqual([]);
    expect(plan?.([])).toEqual([]);
    expect(asked).toEqual(['source']);
  });
});
