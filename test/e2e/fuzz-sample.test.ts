import { describe, expect, it } from 'vitest';
import { CATEGORY_WEIGHTS } from '../fuzz/generate-case.js';
import { runFuzz } from '../fuzz/run-cases.js';

/**
 * A fixed sample of the seeded fuzz (`npm run fuzz` sends 10,000): the same generator, the same
 * checks, against `npm start` as a child process with a loopback sink. A failure prints the seed
 * and index; `npm run fuzz -- --seed 6 --only <index>` replays it.
 */
describe('fuzz sample (seed 6, 300 cases)', () => {
  it('answers every case without a 5xx, with JSON errors that repeat nothing of the body, and logs no content', async () => {
    const summary = await runFuzz({ seed: 6, runs: 300, concurrency: 8, maxDurationMs: 90_000 });
    expect(summary.cases).toBe(300);
    expect(Object.keys(summary.byCategory).sort()).toEqual(Object.keys(CATEGORY_WEIGHTS).sort());
    for (const status of ['200', '202', '400', '401', '413', '415']) expect(summary.byStatus[status], `status ${status}`).toBeGreaterThan(0);
    expect(summary.deliveredEvents).toBeGreaterThan(0);
    expect(summary.failures.map((f) => `#${f.index} ${f.route} [${f.category}] ${f.problem}: ${f.description} → ${f.error ?? ''}`)).toEqual([]);
  }, 120_000);
});
