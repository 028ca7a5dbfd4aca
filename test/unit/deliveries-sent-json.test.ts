import { describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { toHttpMessage } from '../../lib/cloudevents/cloudevent-message.js';
import type { DeliveryRecord } from '../../lib/deliveries/delivery-record.js';
import { serializeRecord } from '../../lib/deliveries/fit-record.js';
import { rememberSentJson, sentJsonOf } from '../../lib/sinks/sent-json.js';
import { sampleCDEvent, sampleRecord } from '../helpers/deliveries-records.js';

function record(cdevents: CDEvent[], extra: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id: 'req-1', at: '2024-07-12T08:54:33.000Z', route: 'flux', object: 'Kustomization/ns/"events":0', status: 202, reason: undefined,
    events: cdevents.map((cdevent) => ({ cdevent, sinks: [{ sink: 'http', outcome: 'delivered', attempt: 1 }] })), commitStatuses: [], ...extra,
  };
}

describe('serializeRecord with events as sent', () => {
  it('a binary CloudEvent body is the CDEvent JSON, which the HTTP sink remembers', () => {
    const cdevent = sampleCDEvent('service.deployed', 'podinfo');
    expect(toHttpMessage(cdevent, 'binary').body).toBe(JSON.stringify(cdevent));
    expect(sentJsonOf(cdevent)).toBeUndefined();
    rememberSentJson(cdevent, JSON.stringify(cdevent));
    expect(sentJsonOf(cdevent)).toBe(JSON.stringify(cdevent));
  });

  it('keeps the text out of sight of JSON, keys and spreads, and takes it again when the event is sent again', () => {
    const cdevent = sampleCDEvent('service.deployed', 'podinfo');
    const before = JSON.stringify(cdevent);
    rememberSentJson(cdevent, before);
    expect(JSON.stringify(cdevent)).toBe(before);
    expect(Object.keys(cdevent)).toEqual(['context', 'subject']);
    expect(sentJsonOf({ ...cdevent })).toBeUndefined();
    expect(cdevent).toEqual(JSON.parse(before));
    rememberSentJson(cdevent, before);
    expect(sentJsonOf(cdevent)).toBe(before);
  });

  it('writes the same text as JSON.stringify, whether events were sent or not', () => {
    const sent = sampleCDEvent('service.deployed', 'podinfo');
    rememberSentJson(sent, JSON.stringify(sent));
    const notSent = sampleCDEvent('service.deployed', 'podinfo');
    const entries: DeliveryRecord[] = [
      record([sent]),
      record([sent, notSent]),
      record([notSent]),
      record([]),
      record([sent], { reason: 'a "quoted" \\ reason "events":0', object: undefined }),
      { ...record([sent]), events: [{ sinks: [], cdevent: sent }] } as DeliveryRecord,
      Object.assign({ commitStatuses: [] }, record([sent])),
      sampleRecord({}, 3),
    ];
    for (const entry of entries) expect(serializeRecord(entry)).toBe(JSON.stringify(entry));
  });
});
