import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import type { ArgoStateStore } from '../../lib/argocd/state/state-store.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { renderAndValidate } from '../helpers/argocd-fixtures.js';
import { TriggerEngine } from '../helpers/argocd-triggers.js';

const SHA = (n: number) => String(n).repeat(40).slice(0, 40);
const SOURCE = { repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' };

type Body = Record<string, unknown>;

/** The notifications of a scenario: the ones before it (processed in order) and the ones whose order varies. */
interface Notifications {
  sim: ArgoAppSimulator;
  baseline: Body[];
  varying: Body[];
}

/** What processing one order produced: every event as `kind id chainId links`, sorted, and the open incidents by cause. */
interface Outcome {
  events: string[];
  open: Record<string, string>;
}

/**
 * Runs a scenario against the ConfigMap's triggers: after each state change the controller sends
 * a notification for every condition that became true. The app is created and deployed first.
 */
function scenario(steps: (sim: ArgoAppSimulator) => ((() => unknown) | undefined)[]): Notifications {
  const sim = new ArgoAppSimulator({ sources: [SOURCE] });
  const engine = new TriggerEngine();
  const pass = () => engine.evaluate(sim.app).map((event) => sim.body(event));
  const baseline = pass();
  sim.deploy(SHA(1));
  baseline.push(...pass());
  const varying: Body[] = [];
  for (const step of steps(sim)) {
    step?.();
    varying.push(...pass());
  }
  return { sim, baseline, varying };
}

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) {
    yield [...items];
    return;
  }
  for (let i = 0; i < items.length; i += 1) {
    const rest = [...items.slice(0, i), ...items.slice(i + 1)];
    for (const tail of permutations(rest)) yield [items[i]!, ...tail];
  }
}

/** Processes the baseline, then the varying notifications in the given order, delivering each plan. */
async function run(notifications: Notifications, order: readonly Body[], store: ArgoStateStore): Promise<Outcome> {
  const { sim } = notifications;
  const now = new Date(sim.now().getTime() + 60_000);
  const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => now });
  const events: string[] = [];
  for (const [index, body] of [...notifications.baseline, ...order].entries()) {
    const plan = await processor.plan(parseArgoNotification(body));
    renderAndValidate(plan.drafts);
    if (index >= notifications.baseline.length) events.push(...plan.drafts.map((d) => `${d.kind} ${d.id} ${d.chainId ?? '-'} ${JSON.stringify(d.links ?? [])}`));
    await plan.commit();
  }
  const causes = (await store.getApp(sim.app.metadata.uid, now))?.causes ?? {};
  const open = Object.fromEntries(Object.entries(causes).flatMap(([cause, record]) => (record?.open ? [[cause, record.open.subjectId]] : [])));
  return { events: events.sort(), open };
}

const SCENARIOS: [string, () => Notifications, { kinds: string[]; open: string[] }][] = [
  ['a failed sync while the app stays Healthy (health flaps during the sync)', () => scenario((sim) => [
    () => sim.failSync(SHA(2), 'admission webhook denied the request'),
    () => sim.health('Progressing'),
    () => sim.health('Healthy'),
  ]), { kinds: ['incident.detected'], open: ['sync'] }],
  ['a failed sync while Healthy, then a successful sync', () => scenario((sim) => [
    () => sim.failSync(SHA(2)),
    () => sim.health('Progressing'),
    () => sim.health('Healthy'),
    () => sim.deploy(SHA(3)),
  ]), { kinds: ['incident.detected', 'incident.resolved', 'service.upgraded'], open: [] }],
  ['a failed re-sync of the deployed revision, then a successful re-sync', () => scenario((sim) => [
    () => sim.failSync(SHA(1)),
    () => sim.resync(),
  ]), { kinds: ['incident.detected', 'incident.resolved'], open: [] }],
  ['Degraded, then a failed sync, then a successful sync and Healthy', () => scenario((sim) => [
    () => sim.health('Degraded', 'Deployment shop has timed out progressing'),
    () => sim.failSync(SHA(2)),
    () => sim.deploy(SHA(3)),
  ]), { kinds: ['incident.detected', 'incident.detected', 'incident.resolved', 'incident.resolved', 'service.upgraded'], open: [] }],
  ['resources Missing, seen only with a failed sync, then a successful sync', () => scenario((sim) => [
    () => sim.health('Missing'),
    () => sim.failSync(SHA(2)),
    () => sim.deploy(SHA(3)),
  ]), { kinds: ['incident.detected', 'incident.detected', 'incident.resolved', 'incident.resolved', 'service.upgraded'], open: [] }],
  ['sync status Unknown (invalid spec), then fixed, then a new deployment', () => scenario((sim) => [
    () => sim.syncUnknown(),
    () => sim.specFixed(),
    () => sim.syncRunning(),
    () => sim.deploy(SHA(2)),
  ]), { kinds: ['incident.detected', 'incident.resolved', 'service.upgraded'], open: [] }],
  ['sync status Unknown, still unknown', () => scenario((sim) => [
    () => sim.failSync(SHA(2)),
    () => sim.syncUnknown('ComparisonError', 'rpc error: repository not accessible'),
  ]), { kinds: ['incident.detected', 'incident.detected'], open: ['sync', 'sync-unknown'] }],
];

let dynamo: ArgoDynalite;
beforeAll(async () => {
  dynamo = await startArgoDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('Argo CD incidents in every trigger order', () => {
  it.each(SCENARIOS)('%s', async (_name, build, expected) => {
    const notifications = build();
    expect(notifications.varying.length).toBeGreaterThanOrEqual(2);
    const reference = await run(notifications, notifications.varying, new MemoryArgoStateStore());
    expect(reference.events.map((e) => e.split(' ')[0])).toEqual(expected.kinds);
    expect(Object.keys(reference.open).sort()).toEqual(expected.open);
    let orders = 0;
    for (const order of permutations(notifications.varying)) {
      expect(await run(notifications, order, new MemoryArgoStateStore()), `order ${orders}`).toEqual(reference);
      orders += 1;
    }
    expect(orders).toBeGreaterThanOrEqual(2);
    const reversed = [...notifications.varying].reverse();
    expect(await run(notifications, reversed, await dynamo.newStore())).toEqual(reference);
  });

  it('sends the notifications Argo CD would send for a failed sync while Healthy', () => {
    const { varying } = build(0);
    expect(varying.map((body) => body.event)).toEqual(['sync-failed', 'health-healthy']);
  });
});

function build(index: number): Notifications {
  return SCENARIOS[index]![1]();
}
