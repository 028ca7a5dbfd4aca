import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HTTP } from 'cloudevents';
import { decodeCeHeaders } from '../helpers/decode-ce-header.js';

/** What the sink decoded for one event id. */
export interface DecodedEvent {
  type: string;
  subject?: string;
}

/** The running sink. */
export interface FuzzSink {
  url: string;
  /** Events the CloudEvents SDK decoded, by id (several cases can emit one id). */
  events: Map<string, DecodedEvent[]>;
  /** Why the SDK rejected messages (first few), and how many. */
  rejections: string[];
  rejected: number;
  close(): Promise<void>;
}

/**
 * A loopback CloudEvents receiver that answers 202 to everything, so delivery never produces a
 * 5xx, and decodes each message as a conforming consumer would (percent-decoded `ce-*` headers,
 * then the `cloudevents` SDK) to check what the bridge delivered. Keeps only ids, types and subjects.
 */
export async function startFuzzSink(): Promise<FuzzSink> {
  const events = new Map<string, DecodedEvent[]>();
  const rejections: string[] = [];
  const sink = { events, rejections, rejected: 0 };
  // 1 MiB of headers, Go net/http's default (Knative and most brokers): a bigger ce-* value fails as it would there.
  const server = createServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        const decoded = HTTP.toEvent({ headers: decodeCeHeaders(req.headers), body: Buffer.concat(chunks).toString('utf8') });
        for (const event of Array.isArray(decoded) ? decoded : [decoded]) {
          events.set(event.id, [...(events.get(event.id) ?? []), { type: event.type, subject: event.subject }]);
        }
      } catch (error) {
        sink.rejected++;
        if (rejections.length < 5) rejections.push((error as Error).message.slice(0, 200));
      }
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(sink, {
    url: `http://127.0.0.1:${port}/events`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  });
}
