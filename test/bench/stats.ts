// Small statistics and timing helpers of the benchmark (not a test).

/** The median of the values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * The median of the rounds' own ratios `a[i] / b[i]`, for samples taken in interleaved rounds. Two
 * samples of one round see the same phase of the machine, whose phases move both sides by up to 2×
 * within a run; the medians of the two sides may come from different phases.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, index) => value / b[index]!));
}

/** The p-th percentile (nearest rank) of the values. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** CPU time (user + system) of this process, in microseconds. */
export function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * CPU microseconds per call of `fn`, run `iterations` times in a row. CPU time rather than wall
 * time: a busy neighbour on a shared machine then costs less noise.
 */
export async function cpuPerCall(fn: (i: number) => unknown, iterations: number, offset = 0): Promise<number> {
  const start = cpuMicros();
  for (let i = 0; i < iterations; i += 1) {
    const result = fn(offset + i);
    if (result instanceof Promise) await result;
  }
  return (cpuMicros() - start) / iterations;
}

/** One measured case: a name and a function returning one sample per round. */
export interface Case {
  name: string;
  sample: (round: number) => Promise<number>;
}

/**
 * Runs the cases in interleaved rounds (A B A B …, the order flipped every other round so neither
 * always runs second) and returns the samples of each case. The floors run in the same rounds as
 * the bridge, so both see the same machine.
 */
export async function interleave(cases: readonly Case[], rounds: number): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(cases.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = round % 2 === 0 ? cases : [...cases].reverse();
    for (const c of order) samples[c.name]!.push(await c.sample(round));
  }
  return samples;
}

/** Rounds to `digits` significant-ish decimals for the JSON output. */
export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
