// Load generators and a loopback broker for the end-to-end rows (benchmark, not a test).
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentile } from './stats.js';

/** A loopback broker that answers every POST with 202 and counts them. */
export async function startSinkReceiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count += 1;
      res.writeHead(202, { 'content-length': '0' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`,
    count: () => count,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** One POST target of the load: URL, headers and body. */
export interface Target {
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** POSTs once on `agent`; resolves with the status once the answer is read. */
export function postOnce(target: Target, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(target.url, { method: 'POST', agent, headers: { ...target.headers, 'content-length': String(target.body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(target.body);
  });
}

/** `clients` keep-alive clients, each sending its next request when the last is answered, for `durationMs`. */
export async function closedLoop(target: Target, clients: number, durationMs: number): Promise<{ perSecond: number; statuses: Record<number, number> }> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const statuses: Record<number, number> = {};
  let done = 0;
  const started = performance.now();
  const client = async () => {
    while (performance.now() - started < durationMs) {
      const status = await postOnce(target, agent);
      statuses[status] = (statuses[status] ?? 0) + 1;
      done += 1;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = performance.now() - started;
  agent.destroy();
  return { perSecond: done / (elapsed / 1000), statuses };
}

/**
 * Sends at a fixed `rate` for `durationMs` whatever the answers (open loop), and reports latency
 * percentiles. Latency counts from when a request was due, not when it left, so a generator that
 * fell behind does not hide a slow server (coordinated omission).
 */
export async function openLoop(target: Target, rate: number, durationMs: number): Promise<{ p50: number; p99: number; max: number; sent: number; statuses: Record<number, number>; latencies: number[] }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round((rate * durationMs) / 1000);
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i += 1) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(postOnce(target, agent).then((status) => {
      latencies.push(performance.now() - due);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }, () => {
      statuses[0] = (statuses[0] ?? 0) + 1;
    }));
  }
  await Promise.all(pending);
  agent.destroy();
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies), sent: total, statuses, latencies };
}
