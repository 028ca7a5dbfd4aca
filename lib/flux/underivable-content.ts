import type { CDEventKind } from '../cdevents/types.js';

/**
 * CDEvent kinds whose schema-required content a Flux event cannot supply, with the fields at
 * fault. A mapping file that targets one of them is rejected at start, not at the first event.
 */
export const UNDERIVABLE_CONTENT: Readonly<Partial<Record<CDEventKind, readonly string[]>>> = Object.freeze({
  'artifact.packaged': ['change'],
  'artifact.signed': ['signature'],
  'incident.reported': ['ticketURI'],
  'pipelinerun.started': ['uri'],
  'repository.created': ['uri'],
  'testoutput.published': ['outputType', 'format'],
  'ticket.created': ['creator', 'uri'],
  'ticket.updated': ['uri'],
  'ticket.closed': ['uri', 'resolution'],
});
