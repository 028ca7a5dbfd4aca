import type { CDEvent } from '../cdevents/types.js';
import type { DeliveryRecord } from './delivery-record.js';

/**
 * Largest serialised row kept. A DynamoDB item is at most 400 KB, attribute names included
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items);
 * the memory ring uses the same bound so a local history of huge bodies stays small.
 */
export const MAX_ROW_BYTES = 350_000;


/** The event's context and subject id and type: what the list shows and filters on. */
function leanEvent(cdevent: CDEvent): CDEvent {
  const { id, source, type } = cdevent.subject;
  return { context: cdevent.context, subject: { id, source, type, content: {} } };
}

/**
 * The record as it can be stored: whole when it fits in {@link MAX_ROW_BYTES}; else with each
 * event reduced to its context and subject id; else without its events. `omitted` says which.
 */
export function fitRecord(entry: DeliveryRecord, maxBytes = MAX_ROW_BYTES): DeliveryRecord {
  const text = serializeRecord(entry, maxBytes);
  return text.length === JSON.stringify(entry).length ? entry : (JSON.parse(text) as DeliveryRecord);
}

/**
 * {@link fitRecord} as JSON text: the one serialisation a row needs, both to measure it and to keep
 * it (the memory ring stores this text, DynamoDB stores it as the item's `data`).
 */
export function serializeRecord(entry: DeliveryRecord, maxBytes = MAX_ROW_BYTES): string {
  const whole = JSON.stringify(entry);
  // Bytes are at most 3 per UTF-16 unit: a short text needs no exact count.
  if (whole.length * 3 <= maxBytes || Buffer.byteLength(whole) <= maxBytes) return whole;
  const lean: DeliveryRecord = {
    ...entry,
    events: entry.events.map((event) => ({ ...event, cdevent: leanEvent(event.cdevent) })),
    omitted: 'the events\' content and customData: the row was too large to keep whole',
  };
  const leanText = JSON.stringify(lean);
  if (Buffer.byteLength(leanText) <= maxBytes) return leanText;
  return JSON.stringify({ ...entry, events: [], commitStatuses: [], omitted: `all ${entry.events.length} events and the commit statuses: the row was too large to keep` });
}
