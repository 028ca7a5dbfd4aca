import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { CLAIM_LEASE_SECONDS, createArgoProcessor, type ArgoPlan } from '../../lib/argocd/process-notification.js';
import { ConflictRetryError } from '../../lib/http/http-error.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';

const SOURCE = { repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' };

let dynamo: ArgoDynalite;
beforeAll(async () => {
  dynamo = await startArgoDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('Argo CD processor on DynamoDB under concurrency', () => {
  it('lets exactly one of two simultaneous invocations of the same notification emit', async () => {
    const store = await dynamo.newStore();
    for (let round = 1; round <= 10; round += 1) {
      const sim = new ArgoAppSimulator({ sources: [SOURCE], uid: `cccccccc-0000-0000-0000-${String(round).padStart(12, '0')}` });
      sim.deploy(String(round).repeat(40).slice(0, 40));
      const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => sim.now() });
      const body = sim.body('deployed');
      const settled = await Promise.allSettled([processor.plan(parseArgoNotification(body)), processor.plan(parseArgoNotification(body))]);
      const plans = settled.filter((r): r is PromiseFulfilledResult<ArgoPlan> => r.status === 'fulfilled').map((r) => r.value);
      const rejected = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
      expect(plans.filter((p) => p.outcome === 'emit')).toHaveLength(1);
      expect(plans.filter((p) => p.outcome !== 'emit').every((p) => p.outcome === 'duplicate')).toBe(true);
      for (const error of rejected) {
        expect(error).toBeInstanceOf(ConflictRetryError);
        expect((error as ConflictRetryError).statusCode).toBe(503);
      }
      await Promise.all(plans.map((p) => p.commit()));
      expect((await processor.plan(parseArgoNotification(body))).outcome).toBe('duplicate');
    }
  });

  it('takes over a crashed invocation after the lease and emits the same events', async () => {
    const store = await dynamo.newStore();
    const sim = new ArgoAppSimulator({ sources: [SOURCE] });
    sim.deploy('a'.repeat(40));
    let offset = 0;
    const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => new Date(sim.now().getTime() + offset) });
    const body = sim.body('deployed');
    const crashed = await processor.plan(parseArgoNotification(body));
    await expect(processor.plan(parseArgoNotification(body))).rejects.toBeInstanceOf(ConflictRetryError);
    offset = (CLAIM_LEASE_SECONDS + 1) * 1000;
    const takeover = await processor.plan(parseArgoNotification(body));
    expect(takeover.outcome).toBe('emit');
    expect(takeover.drafts).toEqual(crashed.drafts);
  });

  it('loses no state when different notifications of one app are committed at once', async () => {
    const store = await dynamo.newStore();
    const sim = new ArgoAppSimulator({ sources: [SOURCE] });
    const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => sim.now() });
    sim.deploy('a'.repeat(40));
    const deployed = sim.body('deployed');
    sim.health('Degraded');
    const degraded = sim.body('health-degraded');
    const plans = await Promise.all([deployed, degraded].map((body) => processor.plan(parseArgoNotification(body))));
    await Promise.all(plans.map((p) => p.commit()));
    const record = await store.getApp(sim.app.metadata.uid, sim.now());
    expect(record?.deployments).toHaveLength(1);
    expect(record?.causes?.health?.open?.cause).toBe('health');
  });
});
