import { describe, expect, it } from 'vitest';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const deployment = { fingerprint: 'f1', revisions: ['abc'], sourcesHash: 's1', deployedAt: '2026-01-01T00:00:00.000Z', eventId: 'e1' };

describe('MemoryArgoStateStore', () => {
  it('hands out a fresh copy of an app record on every read', async () => {
    const store = new MemoryArgoStateStore();
    await store.updateApp('u1', { recordDeployment: deployment, environmentId: 'prod/shop' }, T0);
    const first = await store.getApp('u1', T0);
    first?.deployments.push({ ...deployment, fingerprint: 'changed' });
    expect(await store.getApp('u1', T0)).toEqual({ deployments: [deployment], environmentId: 'prod/shop' });
  });

  it('keeps no reference to the change it applied', async () => {
    const store = new MemoryArgoStateStore();
    const change = { recordDeployment: { ...deployment } };
    await store.updateApp('u1', change, T0);
    change.recordDeployment.fingerprint = 'changed';
    expect((await store.getApp('u1', T0))?.deployments[0]?.fingerprint).toBe('f1');
  });

  it('gives every claim its own token, and a released claim can be taken again', async () => {
    const store = new MemoryArgoStateStore();
    const first = await store.claim('a', 30, T0);
    const second = await store.claim('b', 30, T0);
    expect(first.status === 'claimed' && second.status === 'claimed' && first.token !== second.token).toBe(true);
    if (first.status !== 'claimed') throw new Error('expected a claim');
    await store.release('a', first.token);
    const again = await store.claim('a', 30, T0);
    expect(again.status === 'claimed' && again.token !== first.token).toBe(true);
  });

  it('copies destination records in and out', async () => {
    const store = new MemoryArgoStateStore();
    await store.updateDestination({ environmentId: 'prod/shop', addMember: 'u1', announced: true }, T0);
    const read = await store.getDestination('prod/shop', T0);
    read?.members.push('u2');
    expect(await store.getDestination('prod/shop', T0)).toEqual({ members: ['u1'], announced: true });
  });
});
