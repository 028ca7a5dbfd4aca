// The Argo CD cost as the application grows, against its JSON floor at each size (benchmark, not a test).
import { argoBodies } from './bodies.js';
import { measuredRow, sampler, WARM_UP_EVENTS } from './in-process.js';
import { argoPipeline, jsonFloor, outputsOf } from './pipelines.js';
import { interleave, round } from './stats.js';
import type { Row } from './table.js';

/** The sizes measured: resources with a short history, then history with few resources. */
export const GROWTH_SIZES: readonly { resources: number; history: number }[] = [
  { resources: 10, history: 10 }, { resources: 100, history: 10 }, { resources: 1_000, history: 10 }, { resources: 5_000, history: 10 },
  { resources: 10, history: 100 }, { resources: 10, history: 1_000 },
];

/** Samples per size: about 4 MB of bodies per sample, at least 5 and at most 200 events. */
function eventsPerSample(bodyBytes: number): number {
  return Math.max(5, Math.min(200, Math.floor(4_000_000 / bodyBytes)));
}

async function measureSize(resources: number, history: number, rounds: number, seed: number) {
  const [probe] = argoBodies(1, resources, history, seed);
  const perSample = eventsPerSample(probe!.length);
  const pool = argoBodies(perSample * (rounds + 1), resources, history, seed + 1);
  const bridge = argoPipeline();
  const floor = jsonFloor(await outputsOf(bridge, probe!));
  const bridgeSample = sampler({ perEvent: bridge, inputs: (r) => pool.slice((r + 1) * perSample, (r + 2) * perSample) });
  await sampler({ perEvent: bridge, inputs: () => pool.slice(0, perSample) })(0);
  const samples = await interleave([{ name: 'bridge', sample: bridgeSample }, { name: 'floor', sample: sampler({ perEvent: floor, inputs: () => pool.slice(0, perSample) }) }], rounds);
  return { bodyBytes: probe!.length, ...measuredRow(samples, { bodyBytes: probe!.length, eventsPerSample: perSample }) };
}

/**
 * Runs {@link WARM_UP_EVENTS} bodies of the smallest size through a pipeline of their own, as the
 * in-process rows do: the smallest size needs the fewest events per sample, and one sample's
 * worth (200) left V8 still optimizing the per-event functions while it was measured.
 */
async function warmUp(): Promise<void> {
  const [size] = GROWTH_SIZES;
  const pipeline = argoPipeline();
  for (const body of argoBodies(WARM_UP_EVENTS, size!.resources, size!.history, 1)) await pipeline(body);
}

/** One row per size, after {@link warmUp}; the detail gives µs per resource and per history entry above the smallest size. */
export async function growthRows(rounds: number): Promise<Row[]> {
  await warmUp();
  const rows: Row[] = [];
  let base: { bridge: number; floor: number } | undefined;
  for (const [index, size] of GROWTH_SIZES.entries()) {
    const m = await measureSize(size.resources, size.history, rounds, 100 + index * 10);
    base ??= m;
    const extra = size.resources - 10 + size.history - 10;
    rows.push({
      id: `argocd-growth-r${size.resources}-h${size.history}`,
      measure: `Argo CD, ${size.resources.toLocaleString('en-US')} resources, ${size.history.toLocaleString('en-US')} history entries (${Math.round(m.bodyBytes / 1024)} KiB body, CPU)`,
      unit: 'µs', bridge: m.bridge, floor: m.floor, pairedRatio: m.pairedRatio, floorLabel: 'JSON.parse + JSON.stringify', goal: { kind: 'ratio-at-most', value: 3 },
      detail: {
        ...m.detail,
        ...(extra > 0 ? { bridgeMicrosPerAddedItem: round((m.bridge - base.bridge) / extra, 3), floorMicrosPerAddedItem: round((m.floor - base.floor) / extra, 3) } : {}),
      },
    });
  }
  return rows;
}
