// In-process rows: per-event CPU of the bridge against its JSON floors (benchmark, not a test).
import { argoBodies, fluxBody } from './bodies.js';
import { inFreshProcess } from './fresh-process.js';
import { fluxHandler, quietly } from './handler-in-process.js';
import { argoPipeline, fluxPipeline, handlerFloor, jsonFloor, outputsOf } from './pipelines.js';
import { cpuPerCall, interleave, median, pairedRatio, round } from './stats.js';
import type { Row } from './table.js';

/** Settings of the in-process rows. */
export interface InProcessSettings {
  rounds: number;
}

type PerEvent<Input> = (input: Input) => unknown;

/**
 * Events run before the measured rounds, so that both sides are measured in steady state (a Lambda
 * container serves many events; the first events' cost belongs to the cold-start row). This many
 * for rows whose events each need a body of their own in memory (Argo CD dedupes): V8 has
 * optimized the bulk of the per-event functions by then (seen with `--trace-opt`).
 */
export const WARM_UP_EVENTS = 3_000;

/**
 * The warm-up of rows that repeat one body. `--trace-opt` shows V8 still optimizing the Flux
 * handler's functions up to ~7,000 events and a few small ones up to ~19,000; each compilation
 * (up to 31 ms on V8's compiler thread) counts in the process's CPU time, and after 3,000 events
 * the handler's first two rounds read 45–93 µs against ~35 from the third on.
 */
export const REPEATED_BODY_WARM_UP_EVENTS = 20_000;

/** One side of a comparison: its per-event function and, per round, its inputs (built before the timed loop). */
export interface Side<Input> {
  perEvent: PerEvent<Input>;
  /** The inputs of round `round` (-1 is the warm-up): its own bodies when the bridge must not see one twice (Argo CD dedupes). */
  inputs: (round: number) => readonly Input[];
}

/**
 * Empties the young generation (a scavenge) when the process runs with `--expose-gc`, as
 * `fresh-process.ts` starts it. The bridge and its floor share one heap: without this, the
 * scavenge that collects what one side left lands in the other's sample (the handler floor's
 * samples read 6.7–11.5 µs in one run, against 7.0–8.4 with it).
 */
function emptyYoungGeneration(): void {
  (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });
}

/** One sample of `side` per call: CPU µs per event over the round's inputs, fetched before the timing starts, from an empty young generation. */
export function sampler<Input>(side: Side<Input>) {
  return async (round: number) => {
    const list = side.inputs(round);
    emptyYoungGeneration();
    return cpuPerCall((i) => side.perEvent(list[i]!), list.length);
  };
}

/** CPU µs per event of `bridge` and `floor` in interleaved rounds, after `warmUpEvents` of each. */
async function compare<B, F>(bridge: Side<B>, floor: Side<F>, rounds: number, warmUpEvents: number): Promise<Record<string, number[]>> {
  const bridgeSample = sampler(bridge);
  const floorSample = sampler(floor);
  for (let warmed = 0; warmed < warmUpEvents; warmed += bridge.inputs(-1).length) await bridgeSample(-1);
  for (let warmed = 0; warmed < warmUpEvents; warmed += floor.inputs(-1).length) await floorSample(-1);
  return interleave([{ name: 'bridge', sample: bridgeSample }, { name: 'floor', sample: floorSample }], rounds);
}

/**
 * The row's figures from interleaved samples: both medians, the ratio judged on (paired, as for
 * the throughput rows), the ratio of the medians and the samples in the details.
 */
export function measuredRow(samples: Record<string, number[]>, detail: Record<string, unknown> = {}) {
  const bridge = samples.bridge!;
  const floor = samples.floor!;
  return {
    bridge: median(bridge), floor: median(floor), pairedRatio: pairedRatio(bridge, floor),
    detail: { ratioOfMedians: round(median(bridge) / median(floor), 3), ...detail, ...spread(samples) },
  };
}

/** Each side's samples with their least and greatest, for a row's details. */
function spread(samples: Record<string, number[]>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, { min: round(Math.min(...values)), max: round(Math.max(...values)), rounds: values.length, samples: values.map((v) => round(v, 1)) }]));
}

async function fluxRow(rounds: number): Promise<Row> {
  const body = fluxBody();
  const bridge = fluxPipeline();
  const repeated = Array.from({ length: 2_000 }, () => body);
  const samples = await compare({ perEvent: bridge, inputs: () => repeated }, { perEvent: jsonFloor(await outputsOf(bridge, body)), inputs: () => repeated }, rounds, REPEATED_BODY_WARM_UP_EVENTS);
  return {
    id: 'flux-pipeline', measure: 'Flux parse + map + render, per event (CPU)', unit: 'µs', ...measuredRow(samples),
    floorLabel: 'JSON.parse of the input + JSON.stringify of the output', goal: { kind: 'ratio-at-most', value: 3 },
  };
}

async function argoRow(rounds: number): Promise<Row> {
  const perSample = 300;
  const pool = argoBodies(perSample * (rounds + 1) + WARM_UP_EVENTS + 1, 13, 1, 1);
  const bridge = argoPipeline();
  const outputs = await outputsOf(bridge, pool.pop()!);
  const warmUp = pool.splice(0, WARM_UP_EVENTS);
  const samples = await compare(
    { perEvent: bridge, inputs: (r) => (r < 0 ? warmUp : pool.slice((r + 1) * perSample, (r + 2) * perSample)) },
    { perEvent: jsonFloor(outputs), inputs: () => pool.slice(0, perSample) },
    rounds,
    WARM_UP_EVENTS,
  );
  return {
    id: 'argocd-pipeline', measure: 'Argo CD parse + map + render, memory state (CPU)', unit: 'µs', ...measuredRow(samples, { bodyBytes: pool[0]!.length }),
    floorLabel: 'JSON.parse + JSON.stringify', goal: { kind: 'ratio-at-most', value: 3 },
  };
}

async function handlerRow(rounds: number): Promise<Row> {
  const body = fluxBody();
  const repeated = Array.from({ length: 1_000 }, () => body);
  const samples = await quietly(async () => {
    const handler = fluxHandler();
    // The API Gateway event and Lambda context are built before each timed loop, as the Lambda
    // runtime hands them to the handler, and given again for each call as the floor is given the
    // same body: 1,000 events built ahead would stay alive through the loop and each scavenge
    // would copy them, a cost of the harness rather than of the handler.
    const bridge = {
      perEvent: handler.invoke,
      inputs: () => {
        const invocation = handler.invocation(body);
        return repeated.map(() => invocation);
      },
    };
    return compare(bridge, { perEvent: handlerFloor(await outputsOf(fluxPipeline(), body)), inputs: () => repeated }, rounds, REPEATED_BODY_WARM_UP_EVENTS);
  });
  return {
    id: 'flux-handler', measure: 'Flux Lambda handler in-process, INFO + metrics (CPU)', unit: 'µs', ...measuredRow(samples),
    floorLabel: 'JSON + one HMAC-SHA256', goal: { kind: 'ratio-at-most', value: 5 },
  };
}

/** The in-process rows by id, each measured on its own in a fresh process (`fresh-process.ts`). */
export const IN_PROCESS_ROWS: Readonly<Record<string, (rounds: number) => Promise<Row>>> = {
  'flux-pipeline': fluxRow,
  'argocd-pipeline': argoRow,
  'flux-handler': handlerRow,
};

/** Flux pipeline, Argo CD pipeline and the Flux handler against their floors, each in a fresh process. */
export async function inProcessRows(settings: InProcessSettings): Promise<Row[]> {
  const rows: Row[] = [];
  for (const id of Object.keys(IN_PROCESS_ROWS)) rows.push(...(await inFreshProcess(id, settings.rounds)));
  return rows;
}
