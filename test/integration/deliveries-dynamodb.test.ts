// The deliveries history on the Argo CD state table, against dynalite (a real DynamoDB-compatible
// server) through the real AWS SDK: a numbered ring under its own key prefix, written in the
// background, read newest first, expiring with the retention.
import { CreateTableCommand, ScanCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoStateTableDefinition } from '../../lib/argocd/state/dynamodb-table.js';
import { DynamoDbDeliveryHistory, type DynamoDbDeliveryHistoryOptions } from '../../lib/deliveries/dynamodb-delivery-history.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { sampleCDEvent, sampleRecord } from '../helpers/deliveries-records.js';

let dynalite: ArgoDynalite;
let tables = 0;

beforeAll(async () => {
  dynalite = await startArgoDynalite();
});

afterAll(async () => {
  await dynalite?.close();
});

/** A logger that keeps what was warned. */
function warnings() {
  const lines: { message: string; extra: unknown }[] = [];
  return { lines, warn: (message: string, extra?: unknown) => { lines.push({ message, extra }); } };
}

async function newHistory(options: Partial<DynamoDbDeliveryHistoryOptions> = {}) {
  tables += 1;
  const tableName = `deliveries-${tables}`;
  await dynalite.client.send(new CreateTableCommand(argoStateTableDefinition(tableName).createTable));
  const logger = warnings();
  const history = new DynamoDbDeliveryHistory({ client: dynalite.client, tableName, size: 10, retentionDays: 7, logger, ...options });
  return { history, tableName, logger };
}

async function scanKeys(tableName: string): Promise<string[]> {
  const { Items } = await dynalite.client.send(new ScanCommand({ TableName: tableName }));
  return (Items ?? []).map((item) => String(item.pk?.S)).sort();
}

describe('DynamoDbDeliveryHistory', () => {
  it('writes in the background and reads rows back newest first, by number', async () => {
    const { history, logger } = await newHistory();
    history.record(sampleRecord({}, 1));
    history.record(sampleRecord({ route: 'argocd', object: 'argocd/guestbook', status: 200, events: [], reason: 'ignored: no change' }, 2));
    await history.settle();
    const page = await history.list({ limit: 50 });
    expect(page.cursor).toBe(2);
    expect(page.deliveries.map((row) => [row.seq, row.id, row.route])).toEqual([[2, 'req-2', 'argocd'], [1, 'req-1', 'flux']]);
    expect(await history.get(1)).toEqual({ ...sampleRecord({}, 1), seq: 1 });
    expect(logger.lines).toEqual([]);
  });

  it('keeps a ring of `size` slots under the dlv# prefix, beside the Argo CD items', async () => {
    const { history, tableName } = await newHistory({ size: 3 });
    for (let i = 1; i <= 7; i += 1) history.record(sampleRecord({}, i));
    await history.settle();
    expect((await history.list({ limit: 3 })).deliveries.map((row) => row.seq)).toEqual([7, 6, 5]);
    expect(await history.get(4)).toBeUndefined();
    expect(await history.get(5)).toMatchObject({ id: 'req-5' });
    expect(await scanKeys(tableName)).toEqual(['dlv#seq', 'dlv#slot#0', 'dlv#slot#1', 'dlv#slot#2']);
  });

  it('gives concurrent rows distinct numbers and loses none', async () => {
    const { history } = await newHistory({ size: 50 });
    for (let i = 1; i <= 25; i += 1) history.record(sampleRecord({}, i));
    await history.settle();
    const page = await history.list({ limit: 50 });
    expect(page.deliveries.map((row) => row.seq)).toEqual(Array.from({ length: 25 }, (_, i) => 25 - i));
    expect(new Set(page.deliveries.map((row) => row.id)).size).toBe(25);
  });

  it('reads more than one BatchGetItem of rows (100 keys each)', async () => {
    const { history } = await newHistory({ size: 150 });
    // In rounds: at most 32 writes run at once (one Lambda container answers one request at a time).
    for (let i = 1; i <= 130; i += 1) {
      history.record(sampleRecord({}, i));
      if (i % 25 === 0) await history.settle();
    }
    await history.settle();
    const page = await history.list({ limit: 130 });
    expect(page.deliveries).toHaveLength(130);
    expect(page.deliveries.at(-1)?.seq).toBe(1);
  });

  it('sets the TTL to the retention and reads expired rows as gone before TTL deletes them', async () => {
    let now = new Date('2026-11-20T10:00:00Z');
    const { history, tableName } = await newHistory({ retentionDays: 2, now: () => now });
    history.record(sampleRecord());
    await history.settle();
    const { Items } = await dynalite.client.send(new ScanCommand({ TableName: tableName }));
    const expected = Date.parse('2026-11-22T10:00:00Z') / 1000;
    expect(Items?.map((item) => Number(item.expiresAt?.N))).toEqual([expected, expected]);
    now = new Date('2026-11-22T10:00:01Z');
    expect(await history.list({ limit: 50 })).toEqual({ deliveries: [], cursor: 0 });
    expect(await history.get(1)).toBeUndefined();
  });

  it('holds the cursor below a row numbered but not yet written, so the next poll picks it up', async () => {
    const { history, tableName } = await newHistory();
    history.record(sampleRecord({}, 1));
    await history.settle();
    // What a writer does first: take number 2. Its PutItem has not landed yet.
    await dynalite.client.send(new UpdateItemCommand({
      TableName: tableName, Key: { pk: { S: 'dlv#seq' } }, UpdateExpression: 'ADD #seq :one',
      ExpressionAttributeNames: { '#seq': 'seq' }, ExpressionAttributeValues: { ':one': { N: '1' } },
    }));
    history.record(sampleRecord({}, 3));
    await history.settle();
    const page = await history.list({ limit: 50, since: 1 });
    expect(page.deliveries.map((row) => row.seq)).toEqual([3]);
    expect(page.cursor).toBe(1);
  });

  it('stores a row too large for one item with its events reduced', async () => {
    const { history } = await newHistory();
    const big = sampleCDEvent('service.deployed', 'podinfo');
    big.customData = { blob: 'x'.repeat(500_000) };
    history.record(sampleRecord({ events: [{ cdevent: big, sinks: [{ sink: 'http', outcome: 'delivered', attempt: 1 }] }] }));
    await history.settle();
    const row = await history.get(1);
    expect(row?.omitted).toMatch(/too large/);
    expect(row?.events[0]?.cdevent.context.id).toBe(big.context.id);
    expect(row?.events[0]?.sinks).toEqual([{ sink: 'http', outcome: 'delivered', attempt: 1 }]);
  });

  it('never throws when the table cannot be written: it logs the error name only', async () => {
    const logger = warnings();
    const history = new DynamoDbDeliveryHistory({ client: dynalite.client, tableName: 'no-such-table', size: 10, retentionDays: 7, logger });
    expect(() => history.record(sampleRecord({ object: 'Kustomization/apps/secret-name' }))).not.toThrow();
    await history.settle();
    expect(logger.lines).toEqual([{ message: 'deliveries history: row not written', extra: { errorName: 'ResourceNotFoundException' } }]);
    await expect(history.list({ limit: 5 })).rejects.toThrow();
  });
});
