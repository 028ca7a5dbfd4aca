import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BufferedResponse } from './buffered-response.js';
import { targetMemo, type Target } from './post-target.js';

/** What {@link createKeepAliveFetch} takes of fetch's `RequestInit`. */
export interface PostInit {
  method?: string;
  /** A `Headers`, an array of pairs or a record: any iterable of `[name, value]` pairs works. */
  headers?: Iterable<readonly [string, string]> | Record<string, string>;
  body?: string | null;
  /** Redirects are never followed, whatever this says: a 3xx is returned as it came (fetch's `manual`, unfiltered). */
  redirect?: RequestRedirect;
  signal?: AbortSignal | null;
}

/** The part of fetch's `Response` a sink reads; the global `Response` has it too. */
export interface PostResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  /** Non-null; `cancel()` discards the (already read) body. */
  readonly body: { cancel(): Promise<void> } | null;
  text(): Promise<string>;
}

/** What the HTTP sink calls to POST: the global `fetch` fits, and so does {@link createKeepAliveFetch}. */
export type PostFunction = (url: string, init: PostInit) => Promise<PostResponse>;

/** A POST function with fetch's calling convention, and `close()` to drop its idle sockets. */
export type KeepAliveFetch = ((url: string | URL, init?: PostInit) => Promise<PostResponse>) & { close(): void };

/** Options of {@link createKeepAliveFetch}. */
export interface KeepAliveOptions {
  /** Most sockets open to one host at a time; requests beyond it wait for a free one. @default 32 */
  maxSockets?: number;
  /**
   * How long an idle socket stays open. Below the idle timeouts of common peers (Node's `http`
   * server 5 s, AWS ALB 60 s, nginx 75 s), so a peer never closes a socket just as it is reused;
   * a shorter `Keep-Alive: timeout=N` from the peer wins (Node's agent applies N − 1 s). @default 4000
   */
  idleTimeoutMs?: number;
}

/** Longest response body kept; the rest is read and dropped (a sink only shows an excerpt). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A fetch-like POST over `node:http`/`node:https` with keep-alive agents. Written instead of the
 * global `fetch` because, measured on Node 20, the global one (undici) costs ~40 ms and ~9 MiB the
 * first time it is touched (`fetch`, `Headers` or `Response`), which lands in the cold start of
 * every function that delivers over HTTP; this module never touches them. Errors follow fetch:
 * an aborted `signal` rejects with its `reason` (`TimeoutError`/`AbortError`), a network failure
 * with `TypeError('fetch failed')` whose `cause` carries the `code` (`ECONNREFUSED`, …).
 * Responses are read whole (up to 1 MiB kept) before the promise resolves.
 */
export function createKeepAliveFetch(options: KeepAliveOptions = {}): KeepAliveFetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32, timeout: options.idleTimeoutMs ?? 4_000, scheduling: 'lifo' as const };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const resolveTarget = targetMemo();
  const post = (input: string | URL, init: PostInit = {}): Promise<PostResponse> => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => new PendingPost(init, agents, resolve, reject).start(() => resolveTarget(input)));
  };
  return Object.assign(post, { close: () => { agents.http.destroy(); agents.https.destroy(); } });
}

interface SendCallbacks {
  response(response: PostResponse): void;
  error(error: NodeJS.ErrnoException, reusedSocket: boolean): void;
}

type Agents = { http: HttpAgent; https: HttpsAgent };

/**
 * One POST until it settles, once: with the response, a network error, or the signal's reason on
 * abort (the object is the abort listener). Its steps are methods rather than closures made for
 * every POST (with tsx, each such closure also costs a `defineProperty` for its name).
 */
class PendingPost implements SendCallbacks {
  #settled = false;
  #retried = false;
  #target: (() => Target) | undefined;
  #current: ReturnType<typeof httpRequest> | undefined;

  constructor(private readonly init: PostInit, private readonly agents: Agents, private readonly resolve: (response: PostResponse) => void, private readonly reject: (reason: unknown) => void) {}

  start(target: () => Target): void {
    this.init.signal?.addEventListener('abort', this, { once: true });
    this.#target = target;
    this.#current = send(target(), this.init, this.agents, this);
  }

  response(response: PostResponse): void {
    if (this.#settle()) this.resolve(response);
  }

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
  handleEvent(): void {
    if (!this.#settle()) return;
    this.#current?.destroy();
    this.reject(this.init.signal?.reason);
  }

  /** @returns whether this call settled the POST (false once it is settled). */
  #settle(): boolean {
    if (this.#settled) return false;
    this.#settled = true;
    this.init.signal?.removeEventListener('abort', this);
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
