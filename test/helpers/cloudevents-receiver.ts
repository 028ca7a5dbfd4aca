import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP, type CloudEventV1 } from 'cloudevents';
import { decodeCeHeaders } from './decode-ce-header.js';

/** How the receiver answers one request: a status, a full response, or `'down'` (socket destroyed). */
export type ReceiverResponse = number | 'down' | {
  status: number;
  /** `Retry-After` header value (seconds or HTTP date). */
  retryAfter?: number | string;
  body?: string;
  headers?: Record<string, string>;
  /** Waits this long before answering (to exercise client timeouts). */
  delayMs?: number;
};

/** One request as received, whatever the answer was. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed CloudEvent, when `HTTP.toEvent` accepted the request. */
  event?: CloudEventV1<unknown>;
  /** Why `HTTP.toEvent` rejected the request. */
  parseError?: string;
  /** Status sent back, or `'down'`. */
  status: number | 'down';
}

/** An accepted (2xx) CloudEvent with its raw headers and body. */
export interface ReceivedCloudEvent {
  event: CloudEventV1<unknown>;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The running receiver. */
export interface CloudEventsReceiver {
  /** `http://127.0.0.1:<port>/events`. */
  url: string;
  /** CloudEvents answered with a 2xx, in arrival order. */
  received: ReceivedCloudEvent[];
  /** Every request, in arrival order, including rejected and dropped ones. */
  requests: ReceivedRequest[];
  /** Queues the answers of the next requests; once used up, the default answer applies. */
  respondWith(...responses: ReceiverResponse[]): void;
  /** Sets the answer used when the queue is empty (initially 202). */
  setDefaultResponse(response: ReceiverResponse): void;
  /** Answers 401 unless the request carries `authorization: Bearer <token>`; `undefined` turns this off. */
  requireBearer(token: string | undefined): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

/**
 * Starts a CloudEvents HTTP receiver on 127.0.0.1 (ephemeral port), the local stand-in for a
 * broker. Each request is parsed with the `cloudevents` SDK (`HTTP.toEvent`, binary or
 * structured) after its `ce-*` values are percent-decoded as the HTTP binding requires (the JS SDK
 * skips that step; see `decode-ce-header.ts`); unparseable requests get 400, like a Knative
 * broker. `headers` keep the values as they came over the wire. Answers are programmable.
 */
export async function startCloudEventsReceiver(): Promise<CloudEventsReceiver> {
  const received: ReceivedCloudEvent[] = [];
  const requests: ReceivedRequest[] = [];
  const queue: ReceiverResponse[] = [];
  let fallback: ReceiverResponse = 202;
  let bearer: string | undefined;

  function answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const base = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
    const planned = queue.shift() ?? fallback;
    if (planned === 'down') {
      requests.push({ ...base, status: 'down' });
      req.socket.destroy();
      return;
    }
    const parsed = parseCloudEvent(req.headers, body);
    const response = chooseResponse(planned, parsed, req.headers, bearer);
    requests.push({ ...base, ...parsed, status: response.status });
    if (parsed.event && response.status >= 200 && response.status < 300) received.push({ event: parsed.event, headers: req.headers, body });
    const headers: Record<string, string> = { 'content-type': 'text/plain', ...(response.headers ?? {}) };
    if (response.retryAfter !== undefined) headers['retry-after'] = String(response.retryAfter);
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(response.status, headers);
      res.end(response.body ?? '');
    };
    if (response.delayMs) setTimeout(send, response.delayMs);
    else send();
  }

  const server = createServer((req, res) => {
    readBody(req).then((body) => answer(req, res, body), () => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/events`,
    received,
    requests,
    respondWith: (...responses) => {
      queue.length = 0;
      queue.push(...responses);
    },
    setDefaultResponse: (response) => {
      fallback = response;
    },
    requireBearer: (token) => {
      bearer = token;
    },
    close: () => closeServer(server),
  };
}

/** The planned answer, overridden by 401 for a wrong token and 400 for a non-CloudEvent. */
function chooseResponse(
  planned: Exclude<ReceiverResponse, 'down'>,
  parsed: { event?: CloudEventV1<unknown>; parseError?: string },
  headers: IncomingHttpHeaders,
  bearer: string | undefined,
): Exclude<ReceiverResponse, number | 'down'> {
  if (bearer !== undefined && headers.authorization !== `Bearer ${bearer}`) return { status: 401, body: 'invalid bearer token' };
  if (parsed.parseError !== undefined) return { status: 400, body: `not a cloudevent: ${parsed.parseError}` };
  return typeof planned === 'number' ? { status: planned } : planned;
}

function parseCloudEvent(headers: IncomingHttpHeaders, body: string): { event?: CloudEventV1<unknown>; parseError?: string } {
  try {
    const result = HTTP.toEvent<unknown>({ headers: decodeCeHeaders(headers), body });
    if (Array.isArray(result)) return { parseError: 'batched cloudevents are not supported' };
    return { event: result };
  } catch (error) {
    return { parseError: error instanceof Error ? error.message : String(error) };
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Closes a server, dropping keep-alive connections so the promise settles at once. */
async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
