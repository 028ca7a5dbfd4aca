import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor, type ArgoPlan } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import type { ArgoStateStore } from '../../lib/argocd/state/state-store.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { renderAndValidate } from '../helpers/argocd-fixtures.js';

const SHA = (n: number) => String(n).repeat(40).slice(0, 40);
const TWO_DAYS_MS = 2 * 86_400_000;
const GIT_SOURCE = { repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' };
const HELM_SOURCES = [
  { repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0', helm: { valuesObject: { replicas: 2 } } },
  { repoURL: 'https://github.com/acme/values', targetRevision: 'main', ref: 'values' },
];

let dynamo: ArgoDynalite;
beforeAll(async () => {
  dynamo = await startArgoDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe.each(['memory', 'dynamodb'] as const)('Argo CD notification sequences (%s store)', (kind) => {
  const newStore = async (): Promise<ArgoStateStore> => (kind === 'memory' ? new MemoryArgoStateStore() : dynamo.newStore());

  /** A processor whose clock runs a minute behind the simulated app, plus a step runner. */
  async function setup(sim: ArgoAppSimulator, store?: ArgoStateStore) {
    const processor = createArgoProcessor({
      store: store ?? (await newStore()), defaultInstance: 'argocd', maxEventAgeSeconds: 0,
      now: () => new Date(sim.now().getTime() + 60_000),
    });
    const step = async (event?: string, body = sim.body(event)): Promise<ArgoPlan> => {
      const plan = await processor.plan(parseArgoNotification(body));
      renderAndValidate(plan.drafts);
      await plan.commit();
      return plan;
    };
    return { processor, step };
  }

  const kinds = (plan: ArgoPlan) => plan.drafts.map((d) => d.kind);

  it('create → deploy → re-sync → upgrade → rollback → degraded → healthy → healthy again → delete', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const { step } = await setup(sim);

    const created = await step('created');
    expect(kinds(created)).toEqual(['environment.created']);
    expect(created.drafts[0]).toMatchObject({ subjectId: 'prod/shop', content: { name: 'shop' } });

    sim.deploy(SHA(1));
    const deployed = await step('deployed');
    expect(kinds(deployed)).toEqual(['service.deployed']);
    expect(deployed.drafts[0]).toMatchObject({
      subjectId: 'prod/argocd/shop', source: 'https://argocd.example.com',
      content: { environment: { id: 'prod/shop' }, artifactId: `pkg:github/acme/shop@${SHA(1)}` },
    });

    sim.resync();
    expect(await step('deployed')).toMatchObject({ outcome: 'ignored', drafts: [] });

    sim.deploy(SHA(2));
    expect(kinds(await step('deployed'))).toEqual(['service.upgraded']);

    sim.deploy(SHA(1));
    const rolledBack = await step('deployed');
    expect(kinds(rolledBack)).toEqual(['service.rolledback']);
    expect(rolledBack.drafts[0]!.content.artifactId).toBe(`pkg:github/acme/shop@${SHA(1)}`);

    sim.health('Degraded', 'Deployment shop has timed out progressing');
    const degraded = await step('health-degraded');
    expect(kinds(degraded)).toEqual(['incident.detected']);
    const incidentId = degraded.drafts[0]!.subjectId;
    expect(incidentId).toMatch(/^prod\/argocd\/shop\/incident\//);
    expect(degraded.drafts[0]!.content).toMatchObject({ description: 'Deployment shop has timed out progressing', service: { id: 'prod/argocd/shop' } });

    sim.health('Degraded', 'still degraded');
    expect(await step('health-degraded')).toMatchObject({ outcome: 'ignored', drafts: [] });

    sim.health('Healthy');
    const healthyBody = sim.body('health-healthy');
    const resolved = await step('health-healthy', healthyBody);
    expect(kinds(resolved)).toEqual(['incident.resolved']);
    expect(resolved.drafts[0]!.subjectId).toBe(incidentId);

    expect(await step('health-healthy', healthyBody)).toMatchObject({ outcome: 'duplicate', drafts: [] });
    sim.health('Progressing');
    sim.health('Healthy');
    expect(await step('health-healthy')).toMatchObject({ outcome: 'ignored', drafts: [] });

    sim.delete();
    const deleted = await step('deleted');
    expect(kinds(deleted)).toEqual(['service.removed', 'environment.deleted']);
    expect(deleted.drafts[1]!.subjectId).toBe('prod/shop');
    expect(await step('deleted')).toMatchObject({ outcome: 'duplicate' });
    sim.health('Degraded');
    expect(await step('health-degraded')).toMatchObject({ outcome: 'ignored', reason: 'the application is being deleted' });
  });

  it('reports the destination once and deletes it only when the last app leaves', async () => {
    const store = await newStore();
    const one = new ArgoAppSimulator({ sources: [GIT_SOURCE], uid: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'one' });
    const two = new ArgoAppSimulator({ sources: [GIT_SOURCE], uid: 'aaaaaaaa-0000-0000-0000-000000000002', name: 'two' });
    const a = await setup(one, store);
    const b = await setup(two, store);
    expect(kinds(await a.step('created'))).toEqual(['environment.created']);
    expect(await b.step('created')).toMatchObject({ outcome: 'ignored', drafts: [] });
    one.delete();
    expect(kinds(await a.step('deleted'))).toEqual(['service.removed']);
    two.delete();
    expect(kinds(await b.step('deleted'))).toEqual(['service.removed', 'environment.deleted']);
  });

  it('classifies a multi-source Helm app by chart version and sources, ignoring the ref source as artifact', async () => {
    const sim = new ArgoAppSimulator({ sources: HELM_SOURCES, destination: { name: 'prod-eu', namespace: 'shop' } });
    const { step } = await setup(sim);
    sim.deploy(['1.0.0', SHA(1)]);
    const first = await step('deployed', sim.body('deployed'));
    expect(kinds(first)).toEqual(['service.deployed']);
    expect(first.drafts[0]!.content).toEqual({ environment: { id: 'prod-eu/shop' }, artifactId: 'pkg:generic/shop@1.0.0?repository_url=ghcr.io/acme/charts' });
    expect(first.drafts[0]!.customData).toMatchObject({ argocd: { revisions: ['1.0.0', SHA(1)], sources: [{ chart: 'shop' }, { repoURL: 'https://github.com/acme/values' }] } });
    sim.deploy(['1.1.0', SHA(1)]);
    expect(kinds(await step('deployed'))).toEqual(['service.upgraded']);
    sim.deploy(['1.1.0', SHA(2)]);
    expect(kinds(await step('deployed'))).toEqual(['service.upgraded']);
    sim.deploy(['1.1.0', SHA(2)], { sources: [{ ...HELM_SOURCES[0], helm: { valuesObject: { replicas: 3 } } }, HELM_SOURCES[1]!] });
    expect((await step('deployed')).reason).toContain('same revision(s), changed sources');
    sim.deploy(['1.0.5', SHA(2)]);
    const lower = await step('deployed');
    expect(kinds(lower)).toEqual(['service.rolledback']);
    expect(lower.reason).toContain('chart version 1.0.5 is lower than 1.1.0');
  });

  it('detects a rollback beyond the truncated Argo CD history', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE], historyLimit: 2 });
    const { step } = await setup(sim);
    for (const n of [1, 2, 3, 4]) {
      sim.deploy(SHA(n));
      await step('deployed', sim.body('deployed'));
    }
    sim.deploy(SHA(1));
    expect(sim.app.status.history.map((h: { revision: string }) => h.revision)).toEqual([SHA(4), SHA(1)]);
    expect(kinds(await step('deployed'))).toEqual(['service.rolledback']);
  });

  it('resolves a sync-failed incident with the next healthy deployment', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const { step } = await setup(sim);
    sim.deploy(SHA(1));
    await step('deployed', sim.body('deployed'));
    sim.failSync(SHA(2), 'admission webhook denied the request');
    const failed = await step('sync-failed');
    expect(failed.drafts[0]!.content).toMatchObject({ artifactId: `pkg:github/acme/shop@${SHA(2)}`, description: 'admission webhook denied the request' });
    sim.deploy(SHA(3));
    const fixed = await step('deployed');
    expect(kinds(fixed)).toEqual(['service.upgraded', 'incident.resolved']);
    expect(fixed.drafts[1]!.subjectId).toBe(failed.drafts[0]!.subjectId);
  });

  it('suppresses redeliveries and re-emits the same ids after a released delivery', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const { processor, step } = await setup(sim);
    sim.deploy(SHA(1));
    const body = sim.body('deployed');
    const failedDelivery = await processor.plan(parseArgoNotification(body));
    await failedDelivery.release();
    const retry = await processor.plan(parseArgoNotification(body));
    expect(retry.drafts).toEqual(failedDelivery.drafts);
    expect(retry.outcome).toBe('emit');
    await retry.commit();
    expect(await step('deployed', body)).toMatchObject({ outcome: 'duplicate', drafts: [] });
    expect(await step(undefined, { timestamp: body.timestamp, context: body.context, app: body.app })).toMatchObject({ outcome: 'duplicate' });
  });

  it('with an age bound, records but does not emit events older than it, naming the setting', async () => {
    const store = await newStore();
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const stale = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 86_400, now: () => new Date(sim.now().getTime() + TWO_DAYS_MS) });
    const replay = async (event: string) => {
      const plan = await stale.plan(parseArgoNotification(sim.body(event)));
      await plan.commit();
      return plan;
    };
    const held = { drafts: [], reason: expect.stringContaining('ARGOCD_MAX_EVENT_AGE_SECONDS') };
    expect(await replay('created')).toMatchObject({ outcome: 'stale', ...held });
    sim.deploy(SHA(1));
    expect(await replay('deployed')).toMatchObject({ outcome: 'stale', ...held });
    sim.health('Degraded');
    expect(await replay('health-degraded')).toMatchObject({ outcome: 'stale', ...held });
    sim.delete();
    expect(await replay('deleted')).toMatchObject({ outcome: 'stale', ...held });

    const other = new ArgoAppSimulator({ sources: [GIT_SOURCE], uid: 'bbbbbbbb-0000-0000-0000-000000000001', start: sim.now() });
    const { step } = await setup(other, store);
    expect(kinds(await step('created'))).toEqual(['environment.created']);
    other.deploy(SHA(1));
    expect(kinds(await step('deployed'))).toEqual(['service.deployed']);
  });

  it('keeps rollback detection working through deployments beyond the age bound', async () => {
    const store = await newStore();
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE], historyLimit: 1 });
    const stale = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 86_400, now: () => new Date(sim.now().getTime() + TWO_DAYS_MS) });
    sim.deploy(SHA(1));
    await (await stale.plan(parseArgoNotification(sim.body('deployed')))).commit();
    const { step } = await setup(sim, store);
    sim.deploy(SHA(2));
    expect(kinds(await step('deployed'))).toEqual(['service.upgraded']);
    sim.deploy(SHA(1));
    expect(kinds(await step('deployed'))).toEqual(['service.rolledback']);
  });

  it('still resolves an open incident from a healthy notification beyond the age bound', async () => {
    const store = await newStore();
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const { step } = await setup(sim, store);
    sim.deploy(SHA(1)).health('Degraded');
    const detected = await step('health-degraded');
    sim.health('Healthy');
    const stale = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 86_400, now: () => new Date(sim.now().getTime() + TWO_DAYS_MS) });
    const plan = await stale.plan(parseArgoNotification(sim.body('health-healthy')));
    expect(plan.drafts.map((d) => [d.kind, d.subjectId])).toEqual([['incident.resolved', detected.drafts[0]!.subjectId]]);
  });
});
