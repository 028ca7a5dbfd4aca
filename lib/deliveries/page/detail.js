// The detail view of one delivery: each CDEvent as sent and the CloudEvent headers it travelled with.
import { commitStatusLine, el, getJson, shortType, sinkOutcome, statusPill } from './dom.js';

const panel = () => document.getElementById('detail');

/** The binary-mode CloudEvent headers, one per line. */
function headersTable(headers) {
  const rows = Object.entries(headers ?? {}).map(([name, value]) => el('tr', {}, el('td', { class: 'mono' }, name), el('td', { class: 'mono' }, value)));
  return el('table', { class: 'headers' }, el('tbody', {}, ...rows));
}

function eventSection(event) {
  const { context } = event.cdevent;
  return el('section', { class: 'event' },
    el('h3', {}, `${shortType(context.type)} `, el('span', { class: 'mono muted' }, context.id)),
    el('ul', { class: 'plain' }, ...event.sinks.map(sinkOutcome)),
    el('h3', {}, 'CloudEvent headers (HTTP binary mode)'),
    headersTable(event.cloudEventHeaders),
    el('h3', {}, 'CDEvent as sent'),
    el('pre', { class: 'cdevent' }, JSON.stringify(event.cdevent, null, 2)));
}

function render(delivery) {
  const title = `${delivery.route} ${delivery.object ?? ''}`.trim();
  document.getElementById('detail-title').replaceChildren(title, ' ', statusPill(delivery.status));
  const body = document.getElementById('detail-body');
  // replaceChildren would write a null as the text "null": absent parts are left out first.
  const parts = [
    el('p', { class: 'muted' }, `${delivery.at} · correlation id `, el('span', { class: 'mono' }, delivery.id)),
    delivery.reason ? el('p', {}, delivery.reason) : null,
    delivery.omitted ? el('p', { class: 'muted' }, `Not kept: ${delivery.omitted}`) : null,
    delivery.events.length === 0 ? el('p', { class: 'muted' }, 'No CDEvent was emitted.') : null,
    ...delivery.events.map(eventSection),
  ];
  body.replaceChildren(...parts.filter((part) => part !== null));
  if (delivery.commitStatuses.length > 0) {
    body.append(el('h3', {}, 'Commit statuses'), el('ul', { class: 'plain' }, ...delivery.commitStatuses.map(commitStatusLine)));
  }
}

/** Loads one delivery by its sequence number and shows it. */
export async function openDetail(seq) {
  const body = document.getElementById('detail-body');
  panel().hidden = false;
  body.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  try {
    render(await getJson(`deliveries/${encodeURIComponent(seq)}`));
  } catch (error) {
    body.replaceChildren(el('p', { class: 'error' }, `Could not load this delivery (${error.message}).`));
  }
  panel().scrollIntoView({ block: 'nearest' });
}

/** Hides the detail view. */
export function closeDetail() {
  panel().hidden = true;
}
