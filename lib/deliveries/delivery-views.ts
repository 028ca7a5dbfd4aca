import { toHttpMessage } from '../cloudevents/cloudevent-message.js';
import type { StoredDelivery } from './delivery-history.js';

/** One row of the list: the record with each event reduced to id, type and subject (no content). */
export function summarizeDelivery(row: StoredDelivery): Record<string, unknown> {
  const { events, ...rest } = row;
  return {
    ...rest,
    events: events.map(({ cdevent, sinks }) => ({ id: cdevent.context.id, type: cdevent.context.type, subject: cdevent.subject.id, sinks })),
  };
}

/**
 * One row in full: each CDEvent as sent, with the CloudEvent headers a binary-mode HTTP delivery
 * carries for it (the same `toHttpMessage` the HTTP sink uses; the bearer token is not among them).
 */
export function detailDelivery(row: StoredDelivery): Record<string, unknown> {
  return {
    ...row,
    events: row.events.map(({ cdevent, sinks }) => ({ cdevent, sinks, cloudEventHeaders: toHttpMessage(cdevent, 'binary').headers })),
  };
}
