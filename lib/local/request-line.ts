import { LOG_LEVELS, type LogLevelName } from '../config/log-settings.js';

/** One request the local server answered, as it saw it. */
export interface AnsweredRequest {
  method: string;
  /** The route path; `undefined` when the path matched none (the caller's path is not repeated). */
  route?: string;
  status: number;
  /** The JSON body written back (the handlers' `events` / `reason` / `error`). */
  body?: string;
  at: Date;
}

/** How much a line matters, on {@link LOG_LEVELS}' scale. */
export type LineSeverity = 'INFO' | 'WARN' | 'ERROR';

/** Longest ignore reason or error message printed; a reason names the sender's objects. */
const MAX_TEXT = 160;

/** Answer bodies are the handlers' own JSON; anything else reads as an empty object. */
function parseAnswer(body: string | undefined): { events?: unknown; queued?: unknown; reason?: unknown; error?: unknown } {
  try {
    const parsed: unknown = JSON.parse(body ?? '');
    return parsed !== null && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}

/** Printable and short: a reason may quote the sender's names, which must not drive the terminal. */
function printable(value: unknown): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced before printing
  const text = String(value ?? '').replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/** `dev.cdevents.service.upgraded.0.3.0` → `service.upgraded`, and the id's first 8 characters. */
function describeEvents(events: unknown): string {
  if (!Array.isArray(events)) return '';
  return events.map((event: { id?: unknown; type?: unknown }) => {
    const type = String(event?.type ?? '').replace(/^dev\.cdevents\./, '').replace(/\.\d+\.\d+\.\d+(-[\w.]+)?$/, '');
    const id = String(event?.id ?? '');
    return `${printable(type)} ${printable(id.length > 8 ? `${id.slice(0, 8)}…` : id)}`;
  }).join(', ');
}

function clock(at: Date): string {
  return [at.getHours(), at.getMinutes(), at.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/**
 * The one line printed for a request under `npm start`: time, route, status, then the emitted
 * events (type and short id), the ignore reason, or the error message. Built from the answer's
 * own fields, never from the request (no token, no body).
 */
export function formatRequestLine(request: AnsweredRequest): { severity: LineSeverity; text: string } {
  const answer = parseAnswer(request.body);
  const head = `${clock(request.at)} ${request.method} ${request.route ?? '(no such route)'} ${request.status}`;
  if (request.status >= 400) {
    const severity = request.status >= 500 ? 'ERROR' : 'WARN';
    return { severity, text: `${head} ${severity === 'ERROR' ? 'error' : 'warning'}: ${printable(answer.error)}` };
  }
  if (answer.events !== undefined) {
    const queued = Array.isArray(answer.queued) ? answer.queued.length : 0;
    // Held events are the first sign of a sink in trouble, so the line says so (WARN shows it too).
    if (queued > 0) return { severity: 'WARN', text: `${head} ${describeEvents(answer.events)} (${queued} held in the outbox: a sink did not take ${queued === 1 ? 'it' : 'them'} yet)` };
    return { severity: 'INFO', text: `${head} ${describeEvents(answer.events)}` };
  }
  // Argo CD reasons start with their outcome (`duplicate: …`, `ignored: …`); the word is not doubled.
  if (answer.reason !== undefined) return { severity: 'INFO', text: `${head} ignored: ${printable(answer.reason).replace(/^ignored: /, '')}` };
  return { severity: 'INFO', text: head };
}

/**
 * A printer of request lines that shows those at or above `level` (`LOG_LEVEL`): INFO shows every
 * request, WARN only 4xx and 5xx answers, ERROR only 5xx, CRITICAL and SILENT nothing.
 */
export function createRequestLog(level: LogLevelName, write: (line: string) => void): (request: AnsweredRequest) => void {
  const threshold = LOG_LEVELS.indexOf(level);
  return (request) => {
    const { severity, text } = formatRequestLine(request);
    if (LOG_LEVELS.indexOf(severity) >= threshold) write(`${text}\n`);
  };
}
