// What per-request work costs once it runs between network I/O, as it does under `npm start`
// (benchmark, not a test). Each workload is measured alone, a round trip to another process alone
// (a keep-alive POST, or a byte echoed over TCP) or a pause of the thread, and the two together per
// event; rows without a goal, to explain the end-to-end row.
import { Agent } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { fluxBody } from './bodies.js';
import { startEchoProcess } from './echo-process.js';
import { fluxHandler, quietly } from './handler-in-process.js';
import { WARM_UP_EVENTS } from './in-process.js';
import { postOnce, type Target } from './load.js';
import { startBrokerProcess } from './servers.js';
import { cpuMicros, interleave, median, round } from './stats.js';
import { figure, type Row } from './table.js';

/** Requests in flight at once, as the end-to-end row's 8 keep-alive clients. */
const CONCURRENCY = 8;
/** Events per sample, split between the {@link CONCURRENCY} loops. */
const EVENTS_PER_SAMPLE = 2_000;

/** A Kubernetes manifest of the size Flux and Argo CD handle: parsed by a general-purpose library whose code is about the size of the bridge's. */
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: podinfo
  namespace: apps
  labels: {app.kubernetes.io/name: podinfo, app.kubernetes.io/part-of: demo}
spec:
  replicas: 2
  selector:
    matchLabels: {app: podinfo}
  template:
    spec:
      containers:
        - name: podinfo
          image: ghcr.io/stefanprodan/podinfo:6.7.1
          ports: [{containerPort: 9898, protocol: TCP}]
`;

/** CPU µs per event of `perEvent` run by {@link CONCURRENCY} loops at once, as requests interleave on a server. */
async function cpuPerEventConcurrently(perEvent: () => Promise<unknown>, events: number): Promise<number> {
  const loop = async () => {
    for (let i = 0; i < events / CONCURRENCY; i += 1) await perEvent();
  };
  const start = cpuMicros();
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  return (cpuMicros() - start) / events;
}

/** Work done for each event. */
interface Workload {
  id: string;
  measure: string;
  perEvent: () => Promise<unknown>;
}

/** A round trip to another process (or a pause), done after the work of each event. */
interface Partner {
  id: string;
  measure: string;
  roundTrip: () => Promise<unknown>;
  /** Events per sample and per warm-up, when {@link EVENTS_PER_SAMPLE} round trips would take too long. */
  events?: number;
}

/** Events per sample after a pause: 200 pauses of 1 ms make 0.2 s of sleep per sample. */
const EVENTS_PER_PAUSED_SAMPLE = 200;

/**
 * The thread blocked for `ms` (`Atomics.wait`), in place of a round trip: no I/O and no other
 * process, only time in which the CPU may run something else.
 */
function pause(ms: number): Partner {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  return {
    id: `pause-${String(ms).replace('.', '_')}ms`, measure: `the thread asleep ${ms} ms`, events: EVENTS_PER_PAUSED_SAMPLE,
    roundTrip: async () => Atomics.wait(cell, 0, 0, ms),
  };
}

function workloads(): Record<'handler' | 'yaml' | 'json', Workload> {
  const body = fluxBody();
  const text = body.toString();
  const handler = fluxHandler();
  return {
    handler: { id: 'flux-handler', measure: 'Flux handler (broker answered in memory)', perEvent: () => handler.invoke(handler.invocation(body)) },
    yaml: { id: 'yaml', measure: 'yaml.parse of a 17-line manifest (a general-purpose library)', perEvent: async () => parseYaml(MANIFEST) },
    json: { id: 'json', measure: 'JSON.parse + JSON.stringify of the Flux body ×6 (little code)', perEvent: async () => { for (let i = 0; i < 6; i += 1) JSON.stringify(JSON.parse(text)); } },
  };
}

/** Samples of the work alone, the round trip (or pause) alone and the two in turn, interleaved, as one row. */
async function measurePair(work: Workload, partner: Partner, rounds: number): Promise<Row> {
  const runs: Record<string, () => Promise<unknown>> = { work: work.perEvent, trip: partner.roundTrip, both: async () => { await work.perEvent(); await partner.roundTrip(); } };
  for (const run of Object.values(runs)) await cpuPerEventConcurrently(run, partner.events ?? WARM_UP_EVENTS);
  const samples = await interleave(Object.entries(runs).map(([name, run]) => ({ name, sample: () => cpuPerEventConcurrently(run, partner.events ?? EVENTS_PER_SAMPLE) })), rounds);
  const [alone, trip, together] = [median(samples.work!), median(samples.trip!), median(samples.both!)];
  const rounded = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, values.map((value) => round(value, 0))]));
  return {
    id: `interleave-${work.id}-${partner.id}`, measure: work.measure, unit: 'µs', bridge: together, floor: alone + trip, floorLabel: 'the work and the round trip measured apart, added',
    detail: { partner: partner.measure, alone: round(alone), roundTrip: round(trip), together: round(together), extra: round(together - alone - trip), samples: rounded },
  };
}

/**
 * One row per workload and round trip: CPU per event of the work and the round trip done one
 * after the other for each event (bridge column), against the two measured apart and added up
 * (floor column). A ratio above 1 is what taking turns costs. Each workload is paired with a
 * keep-alive POST to a broker in another process; the handler and the JSON work also with a byte
 * echoed over loopback TCP by another process (whether the extra needs HTTP), and with the thread
 * blocked for 0.1 or 1 ms (whether it needs another process at all, or only time away).
 */
export async function interleavingRows(rounds: number): Promise<Row[]> {
  const broker = await startBrokerProcess();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const echo = await startEchoProcess(CONCURRENCY).catch(async (error: unknown) => {
    await broker.stop();
    throw error;
  });
  const target: Target = { url: `${broker.url}/events`, headers: { 'content-type': 'application/json' }, body: fluxBody() };
  const post: Partner = { id: 'post', measure: 'a keep-alive POST', roundTrip: () => postOnce(target, agent) };
  const echoed: Partner = { id: 'echo', measure: 'a byte echoed over TCP', roundTrip: echo.roundTrip };
  try {
    return await quietly(async () => {
      const work = workloads();
      const pairs: Array<[Workload, Partner]> = [
        [work.handler, post], [work.yaml, post], [work.json, post],
        [work.handler, echoed], [work.json, echoed],
        [work.handler, pause(0.1)], [work.handler, pause(1)], [work.json, pause(1)],
      ];
      const rows: Row[] = [];
      for (const [each, partner] of pairs) rows.push(await measurePair(each, partner, rounds));
      return rows;
    });
  } finally {
    agent.destroy();
    await echo.stop();
    await broker.stop();
  }
}

/** The rows of {@link interleavingRows} as a Markdown table: each part alone, the two together, and the difference. */
export function interleavingTable(rows: readonly Row[]): string {
  const lines = [`| work per event (${CONCURRENCY} at once, CPU per event) | then | work alone | then, alone | together | extra |`, '|---|---|---|---|---|---|'];
  for (const row of rows) {
    const detail = row.detail as { partner: string; alone: number; roundTrip: number; together: number; extra: number };
    lines.push(`| ${row.measure} | ${detail.partner} | ${figure(detail.alone, 'µs')} | ${figure(detail.roundTrip, 'µs')} | ${figure(detail.together, 'µs')} | ${figure(detail.extra, 'µs')} |`);
  }
  return lines.join('\n');
}
