import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor, type ArgoPlan } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import type { ArgoStateStore } from '../../lib/argocd/state/state-store.js';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { chainIdOf } from '../../lib/cdevents/chain-id.js';
import type { CDEventDraft } from '../../lib/cdevents/types.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { renderAndValidate } from '../helpers/argocd-fixtures.js';
import { syntheticEvent } from '../helpers/flux-fixtures.js';

const SHA = (n: number) => String(n).repeat(40).slice(0, 40);
const GIT_SOURCE = { repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' };

let dynamo: ArgoDynalite;
beforeAll(async () => {
  dynamo = await startArgoDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

const relation = (kind: string, target: CDEventDraft) => ({ linkType: 'RELATION', linkKind: kind, target: { contextId: target.id } });

describe.each(['memory', 'dynamodb'] as const)('Argo CD linked events (%s store)', (kind) => {
  const newStore = async (): Promise<ArgoStateStore> => (kind === 'memory' ? new MemoryArgoStateStore() : dynamo.newStore());

  async function stepper(sim: ArgoAppSimulator) {
    const processor = createArgoProcessor({ store: await newStore(), defaultInstance: 'argocd', now: () => new Date(sim.now().getTime() + 60_000) });
    return async (event: string): Promise<CDEventDraft[]> => {
      const plan: ArgoPlan = await processor.plan(parseArgoNotification(sim.body(event)));
      renderAndValidate(plan.drafts);
      await plan.commit();
      return plan.drafts;
    };
  }

  it('chains a deploy, its incident, the rollback and the resolution by revision, and links them', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const step = await stepper(sim);
    sim.deploy(SHA(1));
    const [deployed] = await step('deployed');
    sim.deploy(SHA(2));
    const [upgraded] = await step('deployed');
    sim.health('Degraded', 'Deployment shop has timed out progressing');
    const [detected] = await step('health-degraded');
    sim.deploy(SHA(1));
    const rollback = await step('deployed');
    const rolledback = rollback.find((d) => d.kind === 'service.rolledback')!;
    const resolved = rollback.find((d) => d.kind === 'incident.resolved')!;

    expect(deployed!.chainId).toBe(chainIdOf({ revision: SHA(1) }));
    expect(rolledback.chainId).toBe(deployed!.chainId);
    expect(upgraded!.chainId).toBe(chainIdOf({ revision: SHA(2) }));
    expect([detected!.chainId, resolved.chainId]).toEqual([upgraded!.chainId, upgraded!.chainId]);
    expect(upgraded!.chainId).not.toBe(deployed!.chainId);

    expect(deployed!.links).toBeUndefined();
    expect(detected!.links).toEqual([relation('follows', upgraded!)]);
    expect(rolledback.links).toEqual([relation('remediates', detected!)]);
    expect(resolved.links).toEqual([relation('resolves', detected!)]);
  });

  it('links a failed sync to the deployment it follows, and its resolution to it', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const step = await stepper(sim);
    sim.deploy(SHA(1));
    const [deployed] = await step('deployed');
    sim.failSync(SHA(2));
    const [detected] = await step('sync-failed');
    sim.deploy(SHA(3));
    const fixed = await step('deployed');
    expect(detected).toMatchObject({ kind: 'incident.detected', chainId: chainIdOf({ revision: SHA(2) }), links: [relation('follows', deployed!)] });
    expect(fixed.find((d) => d.kind === 'incident.resolved')).toMatchObject({ links: [relation('resolves', detected!)], chainId: detected!.chainId });
    // Not a rollback: no incident is linked as remediated.
    expect(fixed.find((d) => d.kind === 'service.upgraded')!.links).toBeUndefined();
  });
});

describe('chain ids and links on the wire', () => {
  it('renders chainId in both spec versions and links in 0.5.1 only, each valid against its schema', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const processor = createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd', now: () => sim.now() });
    sim.deploy(SHA(1)).health('Degraded');
    const plan = await processor.plan(parseArgoNotification(sim.body('health-degraded')));
    const [draft] = plan.drafts;
    expect(draft?.links).toHaveLength(1);
    const [v051, v041] = [buildCDEvent(draft!, '0.5.1'), buildCDEvent(draft!, '0.4.1')];
    expect(v051.context).toMatchObject({ chainId: draft!.chainId, links: draft!.links });
    expect(v041.context.chainId).toBe(draft!.chainId);
    expect(v041.context).not.toHaveProperty('links');
    renderAndValidate(plan.drafts);
  });

  it('gives a Flux event about the same commit the Argo CD chain id', async () => {
    const sim = new ArgoAppSimulator({ sources: [GIT_SOURCE] });
    const processor = createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd', now: () => sim.now() });
    sim.deploy(SHA(7));
    const [argo] = (await processor.plan(parseArgoNotification(sim.body('deployed')))).drafts;
    const event = syntheticEvent({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${SHA(7)}` } });
    const [flux] = mapFluxEvent(event, loadFluxMapping({ profile: 'semantic' }), { cluster: 'prod' }).drafts;
    expect(flux!.chainId).toBe(argo!.chainId);
    renderAndValidate([flux!, argo!]);
  });
});
