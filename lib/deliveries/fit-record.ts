import type { CDEvent } from '../cdevents/types.js';
import type { DeliveryRecord } from './delivery-record.js';

/**
 * Largest serialised row kept. A DynamoDB item is at most 400 KB, attribute names included
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items);
 * the memory ring uses the same bound so a local history of huge bodies stays small.
 */
export const MAX_ROW_BYTES = 350_000;

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

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
  if (jsonBytes(entry) <= maxBytes) return entry;
  const lean: DeliveryRecord = {
    ...entry,
    events: entry.events.map((event) => ({ ...event, cdevent: leanEvent(event.cdevent) })),
    omitted: 'the events\' content and customData: the row was too large to keep whole',
  };
  if (jsonBytes(lean) <= maxBytes) return lean;
  return { ...entry, events: [], commitStatuses: [], omitted: `all ${entry.events.length} events and the commit statuses: the row was too large to keep` };
}
