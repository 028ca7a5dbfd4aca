// DOM helpers of the deliveries page. Every piece of data reaches the page as text (textContent,
// setAttribute): nothing is ever parsed as HTML, so a name or reason cannot inject markup.

/**
 * Creates an element with attributes and children; strings become text nodes.
 * @param {string} tag
 * @param {Record<string, string>} [attributes] `class` and any attribute; values are set as text.
 * @param {...(Node | string | null | undefined)} children
 * @returns {HTMLElement}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

/** `dev.cdevents.service.deployed.0.2.0` → `service.deployed`. */
export function shortType(type) {
  return String(type).replace(/^dev\.cdevents\./, '').replace(/\.\d+\.\d+\.\d+(-[\w.]+)?$/, '');
}

/** The HTTP status as a coloured pill (2xx green, 4xx amber, 5xx red). */
export function statusPill(status) {
  return el('span', { class: `pill s${String(status)[0]}` }, String(status));
}

/** What a sink did with an event: `http delivered`, `eventbridge queued (attempt 2)`, with the reason. */
export function sinkOutcome(outcome) {
  const attempt = outcome.attempt > 1 ? ` (attempt ${outcome.attempt})` : '';
  return el('li', {},
    `${outcome.sink} `,
    el('span', { class: `outcome-${outcome.outcome}` }, `${outcome.outcome}${attempt}`),
    outcome.reason ? el('span', { class: 'reason' }, outcome.reason) : null);
}

/** One commit status: `acme/app@1a2b3c4 cdevents/deploy success written`. */
export function commitStatusLine(status) {
  return el('li', {},
    el('span', { class: 'mono' }, `${status.target}@${String(status.sha).slice(0, 7)}`),
    ` ${status.context} ${status.state} `,
    el('span', { class: `outcome-${status.outcome}` }, status.outcome),
    status.reason ? el('span', { class: 'reason' }, status.reason) : null);
}

/** Local time of day, with the date underneath; the ISO time as a tooltip. */
export function whenCell(at) {
  const time = new Date(at);
  const valid = !Number.isNaN(time.getTime());
  return [
    el('span', { title: String(at) }, valid ? time.toLocaleTimeString() : String(at)),
    el('span', { class: 'date' }, valid ? time.toLocaleDateString() : ''),
  ];
}

/**
 * Fetches JSON from the bridge, same origin (the browser adds the Basic credentials it holds).
 * @throws Error naming the status when the answer is not 200.
 */
export async function getJson(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(`${response.status}: ${body.error ?? response.statusText}`);
  }
  return response.json();
}
