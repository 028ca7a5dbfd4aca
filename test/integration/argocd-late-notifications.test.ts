import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor, type ArgoPlan } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import type { ArgoStateStore } from '../../lib/argocd/state/state-store.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { renderAndValidate } from '../helpers/argocd-fixtures.js';

const SHA = (n: number) => String(n).repeat(40).slice(0, 40);
const GIT_SOURCE = { repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' };
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

let dynamo: ArgoDynalite;
beforeAll(async () => {
  dynamo = await startArgoDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe.each(['memory', 'dynamodb'] as const)('Argo CD late notifications (%s store)', (kind) => {
  const newStore = async (): Promise<ArgoStateStore> => (kind === 'memory' ? new MemoryArgoStateStore() : dynamo.newStore());

  /** Plans `body` at `lateMs` after the simulated app's time, validates the events, and commits (as after a delivery). */
  async function deliver(store: ArgoStateStore, sim: ArgoAppSimulator, body: Record<string, unknown>, lateMs: number): Promise<ArgoPlan> {
    const processor = createArgoProcessor({ store, defaultInstance: 'argocd', now: () => new Date(sim.now().getTime() + lateMs) });
    const plan = await processor.plan(parseArgoNotification(body));
    renderAndValidate(plan.drafts);
    await plan.commit();
    return plan;
  }

  it('emits a 20-minute-late deployment once, with its own time and id; a replay emits nothing', async () => {
    const store = await newStore();
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    sim.deploy(SHA(1));
    const body = sim.body('deployed');
    const onTime = await createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd', now: () => sim.now() })
      .plan(parseArgoNotification(body));

    const late = await deliver(store, sim, body, 20 * MINUTE_MS);
    expect(late.outcome).toBe('emit');
    expect(late.drafts.map((d) => d.kind)).toEqual(['service.deployed']);
    expect(late.drafts[0]!.timestamp).toBe(new Date(sim.app.status.operationState.finishedAt).toISOString());
    expect(late.drafts.map((d) => d.id)).toEqual(onTime.drafts.map((d) => d.id));

    expect(await deliver(store, sim, body, 21 * MINUTE_MS)).toMatchObject({ outcome: 'duplicate', drafts: [] });
    // Past the processed-notification key's seven days, the recorded deployment alone keeps it quiet.
    const muchLater = await deliver(store, sim, body, 8 * DAY_MS);
    expect(muchLater.outcome).toBe('ignored');
    expect(muchLater.drafts).toEqual([]);
  });

  it('on a first install, emits what Argo CD re-fires once, however old, and nothing when it fires again', async () => {
    const store = await newStore();
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    sim.deploy(SHA(1)).deploy(SHA(2)).health('Degraded', 'Deployment shop has timed out progressing');
    const burst = ['created', 'deployed', 'health-degraded'].map((event) => sim.body(event));
    const ninetyDays = 90 * DAY_MS;

    const first = [];
    for (const body of burst) first.push(...(await deliver(store, sim, body, ninetyDays)).drafts);
    // Every notification carries the Degraded app, so the first one already reports the incident.
    expect(first.map((d) => d.kind)).toEqual(['environment.created', 'incident.detected', 'service.upgraded']);
    const byKind = Object.fromEntries(first.map((d) => [d.kind, d]));
    expect(byKind['service.upgraded']!.timestamp).toBe(new Date(sim.app.status.operationState.finishedAt).toISOString());
    expect(byKind['incident.detected']!.timestamp).toBe(new Date(sim.app.status.health.lastTransitionTime).toISOString());

    // Argo CD fires the same triggers again after its `notified` annotation was truncated, weeks on.
    for (const body of burst) expect((await deliver(store, sim, body, ninetyDays + 30 * DAY_MS)).drafts).toEqual([]);
  });

  it('re-plans a late notification whose delivery failed, with the same ids', async () => {
    const store = await newStore();
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    sim.deploy(SHA(1));
    const body = sim.body('deployed');
    const processor = createArgoProcessor({ store, defaultInstance: 'argocd', now: () => new Date(sim.now().getTime() + 20 * MINUTE_MS) });
    const failed = await processor.plan(parseArgoNotification(body));
    await failed.release();
    const retry = await processor.plan(parseArgoNotification(body));
    expect(retry.drafts).toEqual(failed.drafts);
    expect(retry.drafts).toHaveLength(1);
  });
});
