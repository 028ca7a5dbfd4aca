import { describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { ConflictRetryError } from '../../lib/http/http-error.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';

const SOURCE = { repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' };

/** A memory store whose next `updateApp` or `getApp` calls fail. */
class FlakyStore extends MemoryArgoStateStore {
  failUpdates = 0;
  failReads = 0;
  override async updateApp(...args: Parameters<MemoryArgoStateStore['updateApp']>): Promise<void> {
    if (this.failUpdates > 0 && this.failUpdates--) throw new Error('store unavailable');
    return super.updateApp(...args);
  }
  override async getApp(...args: Parameters<MemoryArgoStateStore['getApp']>) {
    if (this.failReads > 0 && this.failReads--) throw new Error('store unavailable');
    return super.getApp(...args);
  }
}

function setup() {
  const sim = new ArgoAppSimulator({ sources: [SOURCE] }).deploy('a'.repeat(40));
  const store = new FlakyStore();
  const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => sim.now() });
  return { sim, store, processor, plan: () => processor.plan(parseArgoNotification(sim.body('deployed'))) };
}

describe('createArgoProcessor', () => {
  it('ignores a notification without an inferable event and claims nothing', async () => {
    const { sim, processor } = setup();
    sim.app.status.operationState.phase = 'Running';
    sim.app.status.health.status = 'Progressing';
    const plan = await processor.plan(parseArgoNotification(sim.body()));
    expect(plan).toMatchObject({ event: 'none', outcome: 'ignored', drafts: [] });
    await plan.commit();
    await plan.release();
  });

  it('answers a notification in flight elsewhere with a 503 ConflictRetryError', async () => {
    const { plan } = setup();
    await plan();
    const error = await plan().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictRetryError);
    expect(error).toMatchObject({ statusCode: 503, headers: { 'retry-after': '1' } });
    expect((error as Error).message).toBe('the deployed notification of application argocd/shop is being processed by another request; retry');
  });

  it('releases the claim when the state cannot be read, so the retry is processed', async () => {
    const { store, plan } = setup();
    store.failReads = 1;
    await expect(plan()).rejects.toThrow('store unavailable');
    expect((await plan()).outcome).toBe('emit');
  });

  it('releases the claim when the state cannot be written, so the retry re-plans the same events', async () => {
    const { store, plan } = setup();
    const first = await plan();
    store.failUpdates = 1;
    await expect(first.commit()).rejects.toThrow('store unavailable');
    const retry = await plan();
    expect(retry.drafts).toEqual(first.drafts);
    await retry.commit();
    expect((await plan()).outcome).toBe('duplicate');
  });

  it('runs only the first of commit and release', async () => {
    const { plan } = setup();
    const first = await plan();
    await first.commit();
    await first.release();
    await first.commit();
    expect((await plan()).outcome).toBe('duplicate');
    const { plan: other } = setup();
    const released = await other();
    await released.release();
    await released.commit();
    expect((await other()).outcome).toBe('emit');
  });
});
