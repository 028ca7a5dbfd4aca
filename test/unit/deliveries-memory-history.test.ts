// The in-memory history (npm start): a ring of the latest N rows, read newest first, by cursor,
// and filtered; rows too large to keep are trimmed, not dropped.
import { describe, expect, it } from 'vitest';
import type { HistoryQuery } from '../../lib/deliveries/delivery-history.js';
import { fitRecord } from '../../lib/deliveries/fit-record.js';
import { MemoryDeliveryHistory } from '../../lib/deliveries/memory-delivery-history.js';
import { sampleCDEvent, sampleRecord } from '../helpers/deliveries-records.js';

function filled(size: number, count: number): MemoryDeliveryHistory {
  const history = new MemoryDeliveryHistory(size);
  for (let i = 1; i <= count; i += 1) history.record(sampleRecord({}, i));
  return history;
}

const seqs = async (history: MemoryDeliveryHistory, query: HistoryQuery) => (await history.list(query)).deliveries.map((row) => row.seq);

describe('MemoryDeliveryHistory', () => {
  it('keeps only the latest `size` rows, newest first', async () => {
    const history = filled(5, 12);
    expect(await seqs(history, { limit: 100 })).toEqual([12, 11, 10, 9, 8]);
    expect(await history.get(7)).toBeUndefined();
    expect(await history.get(8)).toMatchObject({ seq: 8, id: 'req-8' });
    expect(await history.get(13)).toBeUndefined();
  });

  it('answers at most `limit` rows and a cursor for the next poll', async () => {
    const history = filled(10, 6);
    const first = await history.list({ limit: 2 });
    expect(first.deliveries.map((row) => row.seq)).toEqual([6, 5]);
    expect(first.cursor).toBe(6);
    history.record(sampleRecord({}, 7));
    const next = await history.list({ limit: 50, since: first.cursor });
    expect(next.deliveries.map((row) => row.id)).toEqual(['req-7']);
    expect((await history.list({ limit: 50, since: 7 })).deliveries).toEqual([]);
  });

  it('answers the whole window again to a cursor from before a restart', async () => {
    const history = filled(10, 3);
    const page = await history.list({ limit: 50, since: 40 });
    expect(page.deliveries.map((row) => row.seq)).toEqual([3, 2, 1]);
    expect(page.cursor).toBe(3);
  });

  it('filters by route, exact status, status class and short event type', async () => {
    const history = new MemoryDeliveryHistory(20);
    history.record(sampleRecord({}, 1));
    history.record(sampleRecord({ route: 'argocd', object: 'argocd/guestbook', status: 200, events: [], reason: 'ignored: no change' }, 2));
    history.record(sampleRecord({ status: 401, events: [], reason: 'missing credentials' }, 3));
    history.record(sampleRecord({ route: 'argocd', events: [{ cdevent: sampleCDEvent('incident.detected', 'guestbook', 4), sinks: [] }] }, 4));
    expect(await seqs(history, { limit: 50, route: 'argocd' })).toEqual([4, 2]);
    expect(await seqs(history, { limit: 50, status: '202' })).toEqual([4, 1]);
    expect(await seqs(history, { limit: 50, status: '4xx' })).toEqual([3]);
    expect(await seqs(history, { limit: 50, type: 'service.deployed' })).toEqual([1]);
    expect(await seqs(history, { limit: 50, type: 'incident.detected', route: 'flux' })).toEqual([]);
    expect(await seqs(history, { limit: 1, route: 'argocd' })).toEqual([4]);
  });

  it('finds filtered rows anywhere in the ring, not only among the newest `limit`', async () => {
    const history = new MemoryDeliveryHistory(50);
    history.record(sampleRecord({ route: 'argocd' }, 1));
    for (let i = 2; i <= 40; i += 1) history.record(sampleRecord({}, i));
    expect(await seqs(history, { limit: 5, route: 'argocd' })).toEqual([1]);
  });

  it('stores a copy: the recorder changing its record afterwards changes nothing', async () => {
    const history = new MemoryDeliveryHistory(3);
    const record = sampleRecord();
    history.record(record);
    record.status = 500;
    record.events.length = 0;
    expect(await history.get(1)).toMatchObject({ status: 202, events: [expect.anything()] });
  });

  it('never throws on a record it cannot copy', () => {
    const history = new MemoryDeliveryHistory(3);
    const bad = { ...sampleRecord(), extra: () => undefined } as unknown as ReturnType<typeof sampleRecord>;
    expect(() => history.record(bad)).not.toThrow();
  });

  it('refuses a ring of no rows', () => {
    expect(() => new MemoryDeliveryHistory(0)).toThrow(RangeError);
  });
});

describe('fitRecord', () => {
  it('keeps a row that fits as it is', () => {
    const record = sampleRecord();
    expect(fitRecord(record)).toBe(record);
  });

  it('drops the events\' content and customData first, keeping ids, types and subjects', () => {
    const big = sampleCDEvent('service.deployed', 'podinfo');
    big.customData = { blob: 'x'.repeat(5_000) };
    const fitted = fitRecord(sampleRecord({ events: [{ cdevent: big, sinks: [] }] }), 2_000);
    expect(fitted.omitted).toMatch(/content and customData/);
    expect(fitted.events[0]!.cdevent).toEqual({ context: big.context, subject: { id: 'podinfo', source: big.subject.source, content: {} } });
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThanOrEqual(2_000);
  });

  it('drops the events when even their ids do not fit', () => {
    const events = Array.from({ length: 50 }, (_, i) => ({ cdevent: sampleCDEvent('service.deployed', `app-${i}`, i), sinks: [] }));
    const fitted = fitRecord(sampleRecord({ events }), 2_000);
    expect(fitted.events).toEqual([]);
    expect(fitted.omitted).toMatch(/all 50 events/);
  });
});
