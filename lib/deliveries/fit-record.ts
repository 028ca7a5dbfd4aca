import type { CDEvent } from '../cdevents/types.js';
import { sentJsonOf } from '../sinks/sent-json.js';
import type { DeliveryRecord, EventRecord } from './delivery-record.js';

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
  const whole = wholeJson(entry);
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

/** The JSON of one event's row part, `{"cdevent":…,"sinks":…}`, with the event's text as sent when a sink kept it. */
function eventRecordJson(event: EventRecord): string {
  const sent = sentJsonOf(event.cdevent);
  const keys = Object.keys(event);
  if (sent === undefined || event.sinks === undefined || keys.length !== 2 || keys[0] !== 'cdevent' || keys[1] !== 'sinks') return JSON.stringify(event);
  return `{"cdevent":${sent},"sinks":${JSON.stringify(event.sinks)}}`;
}

/**
 * `JSON.stringify(entry)`, with each event's JSON taken from what the sink sent rather than written
 * again. `events` is spliced in where a placeholder stood; only done when every key before it holds
 * a string, number or nothing, so the placeholder's text cannot occur earlier.
 */
function wholeJson(entry: DeliveryRecord): string {
  if (entry.events.length === 0) return JSON.stringify(entry);
  for (const key in entry) {
    if (key === 'events') break;
    const value = entry[key as keyof DeliveryRecord];
    if (typeof value === 'object' && value !== null) return JSON.stringify(entry);
  }
  const text = JSON.stringify({ ...entry, events: 0 });
  const at = text.indexOf('"events":0');
  if (at < 0) return JSON.stringify(entry);
  const events = `[${entry.events.map(eventRecordJson).join(',')}]`;
  return `${text.slice(0, at + 9)}${events}${text.slice(at + 10)}`;
}

