import { parseArgs } from 'node:util';
import { runFuzz, type FuzzSummary } from './run-cases.js';

/**
 * `npm run fuzz [-- --seed N --runs N --concurrency N --only i,j]`: seeded fuzzing of the local
 * bridge over loopback. Exits 1 on any failure; every failure names its seed and index, and
 * `--seed S --only I` replays it.
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    runs: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    only: { type: 'string' },
    'max-seconds': { type: 'string', default: '900' },
  },
});

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer`);
  return value;
}

function printSummary(summary: FuzzSummary): void {
  const seconds = summary.durationMs / 1000;
  const lines = [
    `fuzz seed ${summary.seed}: ${summary.cases} cases in ${seconds.toFixed(1)} s (${(summary.cases / seconds).toFixed(0)} requests/s)`,
    `  by status:   ${Object.entries(summary.byStatus).sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `  by category: ${Object.entries(summary.byCategory).sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`,
    `  events delivered to the sink and decoded: ${summary.deliveredEvents}`,
    `  failures: ${summary.failures.length}`,
  ];
  for (const failure of summary.failures.slice(0, 50)) {
    const where = failure.index === undefined ? '' : `seed ${failure.seed} index ${failure.index} ${failure.route ?? ''} [${failure.category ?? ''}] `;
    lines.push(`  - ${where}${failure.problem}${failure.status ? ` (status ${failure.status})` : ''}`);
    if (failure.description) lines.push(`      case: ${failure.description}`);
    if (failure.error) lines.push(`      answer: ${failure.error}`);
  }
  if (summary.failures.length > 50) lines.push(`  … and ${summary.failures.length - 50} more`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

const summary = await runFuzz({
  seed: positive('seed', values.seed),
  runs: positive('runs', values.runs),
  concurrency: Math.max(1, positive('concurrency', values.concurrency)),
  only: values.only?.split(',').map((index) => positive('only', index.trim())),
  maxDurationMs: positive('max-seconds', values['max-seconds']) * 1000,
});
printSummary(summary);
process.exitCode = summary.failures.length > 0 ? 1 : 0;
