// The deliveries page: the latest rows, then new ones every few seconds (polling with `since`,
// which suits Lambda: no connection is held open), filtered in place by route, status and type.
import { closeDetail, openDetail } from './detail.js';
import { commitStatusLine, el, getJson, shortType, sinkOutcome, statusPill, whenCell } from './dom.js';

const POLL_MS = 5000;
const MAX_ROWS = 500;

const body = document.querySelector('#deliveries tbody');
const state = document.getElementById('state');
const filters = {
  route: document.getElementById('filter-route'),
  status: document.getElementById('filter-status'),
  type: document.getElementById('filter-type'),
};
const knownTypes = new Set();
let cursor = -1;

function eventsCell(delivery) {
  if (delivery.events.length === 0) return el('span', { class: 'reason' }, delivery.reason ?? 'nothing emitted');
  return el('ul', { class: 'plain' }, ...delivery.events.map((event) =>
    el('li', {}, shortType(event.type), ' ', el('span', { class: 'muted' }, event.subject))));
}

function rowFor(delivery) {
  const types = delivery.events.map((event) => shortType(event.type));
  const open = el('button', { type: 'button', title: 'Show the CDEvents as sent' }, ...whenCell(delivery.at));
  const row = el('tr', { 'data-seq': String(delivery.seq), 'data-route': delivery.route, 'data-status': String(delivery.status), 'data-types': types.join(' ') },
    el('td', { class: 'when' }, open),
    el('td', {}, delivery.route),
    el('td', { class: 'mono' }, delivery.object ?? ''),
    el('td', {}, statusPill(delivery.status)),
    el('td', {}, eventsCell(delivery)),
    el('td', {}, el('ul', { class: 'plain' }, ...delivery.events.flatMap((event) => event.sinks.map(sinkOutcome)))),
    el('td', {}, el('ul', { class: 'plain' }, ...delivery.commitStatuses.map(commitStatusLine))));
  row.addEventListener('click', () => {
    for (const selected of body.querySelectorAll('tr.selected')) selected.classList.remove('selected');
    row.classList.add('selected');
    openDetail(delivery.seq);
  });
  for (const type of types) addTypeOption(type);
  return row;
}

function addTypeOption(type) {
  if (knownTypes.has(type)) return;
  knownTypes.add(type);
  const options = [...knownTypes].sort().map((name) => el('option', { value: name }, name));
  const chosen = filters.type.value;
  filters.type.replaceChildren(el('option', { value: '' }, 'all'), ...options);
  filters.type.value = chosen;
}

function matches(row) {
  const { route, status, type } = row.dataset;
  return (!filters.route.value || route === filters.route.value)
    && (!filters.status.value || status.startsWith(filters.status.value))
    && (!filters.type.value || type.split(' ').includes(filters.type.value));
}

function applyFilters() {
  for (const row of body.rows) row.hidden = !matches(row);
  document.getElementById('empty').hidden = [...body.rows].some((row) => !row.hidden);
}

/** Adds rows not shown yet (a poll can repeat one still being written), keeping newest first. */
function addRows(deliveries, fresh) {
  for (const delivery of [...deliveries].sort((a, b) => a.seq - b.seq)) {
    if (body.querySelector(`tr[data-seq="${delivery.seq}"]`)) continue;
    const row = rowFor(delivery);
    if (fresh) row.classList.add('fresh');
    const next = [...body.rows].find((other) => Number(other.dataset.seq) < delivery.seq);
    body.insertBefore(row, next ?? null);
  }
  while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
  applyFilters();
}

async function poll() {
  try {
    const answer = await getJson(cursor < 0 ? 'deliveries' : `deliveries?since=${cursor}`);
    // A cursor going back means the history started over (a restarted `npm start`).
    if (answer.cursor < cursor) body.replaceChildren();
    addRows(answer.deliveries, cursor >= 0);
    cursor = answer.cursor;
    state.className = '';
    state.textContent = answer.recording ? `Live · updated ${new Date().toLocaleTimeString()}` : 'Recording is off (BRIDGE_DELIVERIES_ENABLED=false)';
  } catch (error) {
    state.className = 'error';
    state.textContent = `Cannot read the history (${error.message}); retrying.`;
  }
}

async function loop() {
  // A hidden tab does not poll: on Lambda every poll is an invocation.
  if (document.visibilityState !== 'hidden') await poll();
  setTimeout(loop, POLL_MS);
}

for (const select of Object.values(filters)) select.addEventListener('change', applyFilters);
document.getElementById('detail-close').addEventListener('click', closeDetail);
loop();
