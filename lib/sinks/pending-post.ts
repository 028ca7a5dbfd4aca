import { type Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { type Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BufferedResponse } from './buffered-response.js';
import type { PostInit, PostResponse } from './keep-alive-fetch.js';
import type { Target } from './post-target.js';

/** Longest response body kept; the rest is read and dropped (a sink only shows an excerpt). */
const MAX_BODY_BYTES = 1024 * 1024;

interface SendCallbacks {
  response(response: PostResponse): void;
  error(error: NodeJS.ErrnoException, reusedSocket: boolean): void;
}

/** The keep-alive agents of one `createKeepAliveFetch`, one per protocol. */
export type Agents = { http: HttpAgent; https: HttpsAgent };

/**
 * One POST until it settles, once: with the response, a network error, or the signal's reason on
 * abort. Its steps are methods rather than closures made for every POST (with tsx, each such
 * closure also costs a `defineProperty` for its name).
 *
 * The abort listener is a bound method, not this object: for an object listener Node's
 * `EventTarget` stores a closure on the `Listener` it constructs (`this.callback = async
 * (...args) => …`), and on Node 20 what such a closure holds outlives young-generation
 * collections once TurboFan inlines the constructor into an async caller. Measured under
 * `npm start` at 140 events/s, every POST's objects were then promoted: ~1.4 MB survived each
 * scavenge and its pauses took 6–12 ms; with a bound method, 0.45 MB and 2–5 ms (the rest is
 * the deliveries history).
 */
export class PendingPost implements SendCallbacks {
  #settled = false;
  #retried = false;
  #target: (() => Target) | undefined;
  #current: ReturnType<typeof httpRequest> | undefined;
  readonly #onAbort = this.#abort.bind(this);

  constructor(private readonly init: PostInit, private readonly agents: Agents, private readonly resolve: (response: PostResponse) => void, private readonly reject: (reason: unknown) => void) {}

  /** Sends the POST to `target()`, called again for the one retry on a fresh socket. */
  start(target: () => Target): void {
    this.init.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#target = target;
    this.#current = send(target(), this.init, this.agents, this);
  }

  /** The response arrived, read whole. */
  response(response: PostResponse): void {
    if (this.#settle()) this.resolve(response);
  }

  /** The request or response failed; `reused` says whether it went over a kept-alive socket. */
  error(error: NodeJS.ErrnoException, reused: boolean): void {
    // A reused socket the peer closed as we wrote to it: Node's documented pattern is one
    // retry on a fresh socket (https://nodejs.org/api/http.html#requestreusedsocket).
    if (!this.#retried && reused && error.code === 'ECONNRESET' && this.#target) {
      this.#retried = true;
      this.#current = send(this.#target(), this.init, this.agents, this);
    } else if (this.#settle()) {
      this.reject(networkError(error));
    }
  }

  /** The signal aborted. */
  #abort(): void {
    if (!this.#settle()) return;
    this.#current?.destroy();
    this.reject(this.init.signal?.reason);
  }

  /** @returns whether this call settled the POST (false once it is settled). */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.init.signal?.removeEventListener('abort', this.#onAbort);
    return true;
  }
}

function send(target: Target, init: PostInit, agents: Agents, on: SendCallbacks): ReturnType<typeof httpRequest> | undefined {
  if (!target.options) {
    on.error(Object.assign(new Error(`unsupported protocol ${target.protocol}`), { code: 'ERR_INVALID_PROTOCOL' }), false);
    return undefined;
  }
  const https = target.protocol === 'https:';
  const body = init.body ?? undefined;
  const headers = headerRecord(init.headers);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  try {
    // A fresh options object each time: `http.request` assigns into the one it is given.
    // Object.assign, then members set: a spread followed by new members is a slow path on Node 20 (about 1.5 µs).
    const options = Object.assign({}, target.options, { method: init.method ?? 'GET', headers, agent: https ? agents.https : agents.http });
    const request = (https ? httpsRequest : httpRequest)(options);
    request.on('error', (error) => on.error(error, request.reusedSocket));
    request.on('response', (message) => readResponse(message, on));
    request.end(body);
    return request;
  } catch (error) {
    // Node checks header names and values as it builds the request (fetch does so in `Headers`).
    on.error(error as NodeJS.ErrnoException, false);
    return undefined;
  }
}

function readResponse(message: IncomingMessage, on: SendCallbacks): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  message.on('data', (chunk: Buffer) => {
    if (kept >= MAX_BODY_BYTES) return;
    chunks.push(chunk);
    kept += chunk.length;
  });
  message.on('error', (error) => on.error(error, false));
  message.on('end', () => {
    const body = chunks.length === 0 ? undefined : Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES);
    on.response(new BufferedResponse(message.statusCode ?? 0, message.headers, body));
  });
}

function headerRecord(headers: PostInit['headers']): Record<string, string> {
  if (!headers) return {};
  const pairs = Symbol.iterator in headers ? headers : Object.entries(headers);
  const record: Record<string, string> = {};
  for (const [name, value] of pairs) record[name.toLowerCase()] = value;
  return record;
}

function networkError(error: NodeJS.ErrnoException): TypeError {
  return new TypeError('fetch failed', { cause: error });
}
