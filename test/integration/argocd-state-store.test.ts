import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { argoStateTableDefinition } from '../../lib/argocd/state/dynamodb-table.js';
import type { ArgoStateStore } from '../../lib/argocd/state/state-store.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const later = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const deployment = (name: string, minute: number) => ({
  fingerprint: name, revisions: [name], sourcesHash: 'h', deployedAt: later(minute * 60).toISOString(),
});

let dynamo: ArgoDynalite;
beforeAll(async () => {
  dynamo = await startArgoDynalite();
});
afterAll(async () => {
  await dynamo?.close();
});

describe('argoStateTableDefinition', () => {
  it('declares the key and TTL attribute that serverless.yml uses', () => {
    const { createTable, timeToLive } = argoStateTableDefinition('t');
    expect(createTable.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(createTable.AttributeDefinitions).toEqual([{ AttributeName: 'pk', AttributeType: 'S' }]);
    expect(timeToLive.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});

describe.each(['memory', 'dynamodb'] as const)('ArgoStateStore contract (%s)', (kind) => {
  const newStore = async (): Promise<ArgoStateStore> => (kind === 'memory' ? new MemoryArgoStateStore() : dynamo.newStore());

  it('claims a key once, reports a live claim as pending and a completed one as done', async () => {
    const store = await newStore();
    const first = await store.claim('uid#deployed#t', 30, T0);
    expect(first.status).toBe('claimed');
    expect((await store.claim('uid#deployed#t', 30, later(1))).status).toBe('pending');
    await store.complete('uid#deployed#t', (first as { token: string }).token, later(2));
    expect((await store.claim('uid#deployed#t', 30, later(3))).status).toBe('done');
    expect((await store.claim('uid#deployed#t', 30, later(6 * 86_400))).status).toBe('done');
    expect((await store.claim('uid#deployed#t', 30, later(8 * 86_400))).status).toBe('claimed');
  });

  it('lets a released or expired claim be taken again, and ignores a stale token', async () => {
    const store = await newStore();
    const first = (await store.claim('k', 30, T0)) as { token: string };
    await store.release('k', 'someone-else');
    expect((await store.claim('k', 30, later(1))).status).toBe('pending');
    await store.release('k', first.token);
    const second = (await store.claim('k', 30, later(2))) as { status: string; token: string };
    expect(second.status).toBe('claimed');
    const third = (await store.claim('k', 30, later(40))) as { status: string; token: string };
    expect(third.status).toBe('claimed');
    await store.complete('k', second.token, later(41));
    expect((await store.claim('k', 30, later(42))).status).toBe('pending');
    await store.complete('k', third.token, later(43));
    expect((await store.claim('k', 30, later(44))).status).toBe('done');
  });

  it('round-trips app records and drops them after their expiry', async () => {
    const store = await newStore();
    expect(await store.getApp('u1', T0)).toBeUndefined();
    await store.updateApp('u1', { recordDeployment: deployment('a', 1), environmentId: 'prod/shop' }, T0);
    const incident = { subjectId: 'i', cause: 'health' as const, openedAt: later(60).toISOString() };
    await store.updateApp('u1', { causes: [{ cause: 'health', open: incident }, { cause: 'sync', clearedAt: later(30).toISOString() }] }, later(5));
    expect(await store.getApp('u1', later(10))).toEqual({
      deployments: [deployment('a', 1)], environmentId: 'prod/shop', causes: { health: { open: incident }, sync: { clearedAt: later(30).toISOString() } },
    });
    await store.updateApp('u1', { deletedAt: 'x' }, later(20));
    expect(await store.getApp('u1', later(29 * 86_400))).toMatchObject({ deletedAt: 'x' });
    expect(await store.getApp('u1', later(31 * 86_400))).toBeUndefined();
  });

  it('reads a record written with one incident (before causes) as the open incident of its cause', async () => {
    const store = await newStore();
    const legacy = {
      deployments: [deployment('a', 1)], environmentId: 'prod/shop',
      incident: { subjectId: 'prod/argocd/shop/incident/x', cause: 'sync-failed', openedAt: later(60).toISOString() },
    };
    await writeLegacyRecord(store, 'u3', legacy);
    const open = { subjectId: 'prod/argocd/shop/incident/x', cause: 'sync', openedAt: later(60).toISOString() };
    expect(await store.getApp('u3', later(90))).toEqual({ deployments: [deployment('a', 1)], environmentId: 'prod/shop', causes: { sync: { open } } });
    await store.updateApp('u3', { causes: [{ cause: 'health', clearedAt: later(120).toISOString() }] }, later(120));
    const updated = await store.getApp('u3', later(130));
    expect(updated?.causes).toEqual({ sync: { open }, health: { clearedAt: later(120).toISOString() } });
    expect(updated).not.toHaveProperty('incident');
  });

  /** Puts an app record in the shape older versions wrote, the way each store holds it. */
  async function writeLegacyRecord(store: ArgoStateStore, uid: string, record: Record<string, unknown>): Promise<void> {
    if (store instanceof MemoryArgoStateStore) {
      (store as unknown as { apps: Map<string, unknown> }).apps.set(uid, { value: record, expiresAt: Number.POSITIVE_INFINITY });
      return;
    }
    const tableName = (store as unknown as { table: string }).table;
    await dynamo.client.send(new PutItemCommand({
      TableName: tableName,
      Item: { pk: { S: `app#${uid}` }, data: { S: JSON.stringify(record) }, version: { N: '1' }, expiresAt: { N: String(T0.getTime() / 1000 + 86_400) } },
    }));
  }

  it('loses no concurrent app updates', async () => {
    const store = await newStore();
    await Promise.all([0, 1, 2, 3, 4].map((i) => store.updateApp('u2', { recordDeployment: deployment(`r${i}`, i) }, T0)));
    expect((await store.getApp('u2', T0))?.deployments.map((d) => d.fingerprint)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('keeps destination members as a set with an announced flag', async () => {
    const store = await newStore();
    expect(await store.getDestination('prod/shop', T0)).toBeUndefined();
    await store.updateDestination({ environmentId: 'prod/shop', addMember: 'a', announced: true }, T0);
    await store.updateDestination({ environmentId: 'prod/shop', addMember: 'b' }, T0);
    await store.updateDestination({ environmentId: 'prod/shop', addMember: 'b' }, T0);
    expect(await store.getDestination('prod/shop', T0)).toEqual({ members: ['a', 'b'], announced: true });
    await store.updateDestination({ environmentId: 'prod/shop', removeMember: 'a' }, T0);
    await store.updateDestination({ environmentId: 'prod/shop', removeMember: 'b', announced: false }, T0);
    expect(await store.getDestination('prod/shop', T0)).toEqual({ members: [], announced: false });
  });

  it('accepts very long keys', async () => {
    const store = await newStore();
    const long = 'e'.repeat(5000);
    await store.updateDestination({ environmentId: long, addMember: 'a' }, T0);
    expect(await store.getDestination(long, T0)).toEqual({ members: ['a'], announced: false });
    expect((await store.claim(long, 30, T0)).status).toBe('claimed');
  });
});

describe('DynamoDbArgoStateStore items', () => {
  it('writes claims with a lease and epoch-second expiresAt', async () => {
    const store = await dynamo.newStore();
    await store.claim('uid#created#created', 30, T0);
    const tableName = (store as unknown as { table: string }).table;
    const { Item } = await dynamo.client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'claim#uid#created#created' } } }));
    expect(Item).toMatchObject({ st: { S: 'pending' }, leaseUntil: { N: String(T0.getTime() + 30_000) }, expiresAt: { N: String(T0.getTime() / 1000 + 86_400) } });
  });
});
