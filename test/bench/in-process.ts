// In-process rows: per-event CPU of the bridge against its JSON floors (benchmark, not a test).
import { argoBodies, fluxBody } from './bodies.js';
import { fluxHandler, quietly } from './handler-in-process.js';
import { argoPipeline, fluxPipeline, handlerFloor, jsonFloor, outputsOf } from './pipelines.js';
import { cpuPerCall, interleave, median, round } from './stats.js';
import type { Row } from './table.js';

/** Settings of the in-process rows. */
export interface InProcessSettings {
  rounds: number;
}

type PerEvent = (body: Buffer) => unknown;

/**
 * Events run before the measured rounds, so that both sides are measured in steady state: V8
 * finishes optimizing the bridge's per-event functions only after about 2,000–3,000 events (seen
 * with `--trace-opt`), and a Lambda container serves many events. The first events' cost belongs
 * to the cold-start row.
 */
export const WARM_UP_EVENTS = 3_000;

/**
 * Median CPU µs per event of `bridge` and `floor`, interleaved, after {@link WARM_UP_EVENTS} of
 * each: `bodies(round, case)` gives each sample its own bodies when the bridge must not see one
 * twice (Argo CD dedupes); round -1 is the warm-up.
 */
async function compare(bridge: PerEvent, floor: PerEvent, rounds: number, bodies: (round: number, which: 0 | 1) => Buffer[]) {
  const run = (fn: PerEvent, which: 0 | 1) => async (r: number) => {
    const list = bodies(r, which);
    return cpuPerCall((i) => fn(list[i]!), list.length);
  };
  for (const [fn, which] of [[bridge, 0], [floor, 1]] as const) {
    for (let warmed = 0; warmed < WARM_UP_EVENTS; warmed += bodies(-1, which).length) await run(fn, which)(-1);
  }
  const samples = await interleave([{ name: 'bridge', sample: run(bridge, 0) }, { name: 'floor', sample: run(floor, 1) }], rounds);
  return { bridge: median(samples.bridge!), floor: median(samples.floor!), samples };
}

function spread(samples: Record<string, number[]>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, { min: round(Math.min(...values)), max: round(Math.max(...values)), rounds: values.length }]));
}

async function fluxRow(rounds: number): Promise<Row> {
  const body = fluxBody();
  const bridge = fluxPipeline();
  const repeated = Array.from({ length: 2_000 }, () => body);
  const result = await compare(bridge, jsonFloor(await outputsOf(bridge, body)), rounds, () => repeated);
  return {
    id: 'flux-pipeline', measure: 'Flux parse + map + render, per event (CPU)', unit: 'µs', bridge: result.bridge, floor: result.floor,
    floorLabel: 'JSON.parse of the input + JSON.stringify of the output', goal: { kind: 'ratio-at-most', value: 3 }, detail: spread(result.samples),
  };
}

async function argoRow(rounds: number): Promise<Row> {
  const perSample = 300;
  const pool = argoBodies(perSample * (rounds + 1) + WARM_UP_EVENTS + 1, 13, 1, 1);
  const bridge = argoPipeline();
  const outputs = await outputsOf(bridge, pool.pop()!);
  const warmUp = pool.splice(0, WARM_UP_EVENTS);
  const result = await compare(bridge, jsonFloor(outputs), rounds, (r, which) => {
    if (which === 1) return pool.slice(0, perSample);
    return r < 0 ? warmUp : pool.slice((r + 1) * perSample, (r + 2) * perSample);
  });
  return {
    id: 'argocd-pipeline', measure: 'Argo CD parse + map + render, memory state (CPU)', unit: 'µs', bridge: result.bridge, floor: result.floor,
    floorLabel: 'JSON.parse + JSON.stringify', goal: { kind: 'ratio-at-most', value: 3 }, detail: { ...spread(result.samples), bodyBytes: pool[0]!.length },
  };
}

async function handlerRow(rounds: number): Promise<Row> {
  const body = fluxBody();
  const repeated = Array.from({ length: 1_000 }, () => body);
  const result = await quietly(async () => {
    const handler = fluxHandler();
    return compare(handler, handlerFloor(await outputsOf(fluxPipeline(), body)), rounds, () => repeated);
  });
  return {
    id: 'flux-handler', measure: 'Flux Lambda handler in-process, INFO + metrics (CPU)', unit: 'µs', bridge: result.bridge, floor: result.floor,
    floorLabel: 'JSON + one HMAC-SHA256', goal: { kind: 'ratio-at-most', value: 5 }, detail: spread(result.samples),
  };
}

/** Flux pipeline, Argo CD pipeline and the Flux handler against their floors. */
export async function inProcessRows(settings: InProcessSettings): Promise<Row[]> {
  return [await fluxRow(settings.rounds), await argoRow(settings.rounds), await handlerRow(settings.rounds)];
}
