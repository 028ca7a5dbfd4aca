import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a peer received it. */
export interface PeerRequest {
  method: string;
  /** Path segments, percent-decoded one by one (so `group%2Fproject` stays one segment). */
  segments: string[];
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | undefined;
}

/** A peer's answer. */
export interface PeerReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A running loopback peer. */
export interface LoopbackPeer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Every request, in arrival order. */
  requests: PeerRequest[];
  /** Answers the next `count` requests with `reply` before any rule runs (429 with `Retry-After`, 502, …). */
  failNext(count: number, reply: PeerReply): void;
  close(): Promise<void>;
}

/**
 * Starts a `node:http` server on 127.0.0.1 that parses JSON bodies, records each request and asks
 * `route` for the answer. The family peers in this folder implement the providers' rules in `route`.
 */
export async function startLoopbackPeer(route: (request: PeerRequest) => PeerReply): Promise<LoopbackPeer> {
  const requests: PeerRequest[] = [];
  const failures: { count: number; reply: PeerReply }[] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://peer');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const request: PeerRequest = {
        method: incoming.method ?? 'GET',
        segments: url.pathname.split('/').filter(Boolean).map(decodeURIComponent),
        query: url.searchParams, headers: incoming.headers, body,
      };
      requests.push(request);
      const failure = failures[0];
      if (failure) {
        failure.count -= 1;
        if (failure.count <= 0) failures.shift();
      }
      const reply = failure ? failure.reply : route(request);
      outgoing.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      outgoing.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (count, reply) => failures.push({ count, reply }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A JSON error answer. */
export const reject = (status: number, message: unknown): PeerReply => ({ status, body: { message } });

/** Length in characters (code points), as the providers count. */
export const charLength = (value: unknown): number => (typeof value === 'string' ? Array.from(value).length : 0);
