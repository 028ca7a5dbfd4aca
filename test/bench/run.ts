// Benchmark (not a test): `npm run bench [-- --long] [-- --json] [-- --quick]`.
// Prints the issue-9 table: the bridge and each floor measured side by side in the same run
// (interleaved rounds, medians; CPU time for the in-process rows), the ratios, the goals and a
// verdict per row; then the Argo CD cost as the application grows, and what per-request work costs
// between network I/O (rows without a goal that explain the end-to-end row). Also writes .tmp/bench.json.
//   --long   the sustained 200 events/s run lasts 60 s (default 15 s) and the two throughput rows
//            take 9 interleaved rounds a side (default 5); use it for the README table
//   --json   prints the JSON instead of the table
//   --quick  fewer rounds and shorter runs: a smoke run whose figures are not for the README
// Loopback only; every loop, round and child process is bounded.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { ROOT } from './bodies.js';
import { endToEndRows, outboxRow } from './end-to-end.js';
import { inFreshProcess } from './fresh-process.js';
import { inProcessRows } from './in-process.js';
import { interleavingTable } from './interleaving.js';
import { coldStartRow, peakRssRows, prepareBundles } from './lambda-rows.js';
import { startSinkReceiver } from './load.js';
import { round } from './stats.js';
import { judge, markdownTable, type JudgedRow, type Row } from './table.js';

const args = new Set(process.argv.slice(2));
const long = args.has('--long');
const quick = args.has('--quick');
const RSS_EVENTS = 5_000;

const settings = {
  inProcessRounds: quick ? 3 : 9,
  growthRounds: quick ? 2 : 9,
  coldRuns: quick ? 3 : 9,
  rssRuns: quick ? 1 : 3,
  endToEnd: { rounds: quick ? 2 : long ? 9 : 5, roundMs: quick ? 1_500 : 3_000, latencyMs: quick ? 5_000 : 15_000, sustainedMs: long ? 60_000 : quick ? 5_000 : 15_000 },
};

function progress(message: string): void {
  if (!args.has('--json')) process.stderr.write(`bench: ${message}\n`);
}

async function lambdaRows(receiver: Awaited<ReturnType<typeof startSinkReceiver>>): Promise<Row[]> {
  const prepared = await prepareBundles();
  progress('cold start (fresh processes)');
  const cold = await coldStartRow(prepared, receiver, settings.coldRuns);
  progress(`peak RSS over ${RSS_EVENTS} events (bundled handlers and the floor, fresh processes, ${settings.rssRuns} runs each)`);
  return [cold, ...(await peakRssRows(prepared, receiver, RSS_EVENTS, settings.rssRuns))];
}

async function main(): Promise<void> {
  const started = Date.now();
  // Other work on the machine skews every figure: the 1-minute load average is reported with them.
  const loadAverageBefore = round(loadavg()[0]!);
  const rows: Row[] = [];
  progress('in-process rows (CPU per event)');
  rows.push(...(await inProcessRows({ rounds: settings.inProcessRounds })));
  const receiver = await startSinkReceiver();
  try {
    rows.push(...(await lambdaRows(receiver)));
    progress(`end to end over loopback (about ${Math.round((settings.endToEnd.rounds * 2 * settings.endToEnd.roundMs + 2 * settings.endToEnd.latencyMs + settings.endToEnd.sustainedMs * 2) / 1000)} s)`);
    rows.push(...(await endToEndRows(receiver, settings.endToEnd)));
    progress('outbox overhead');
    rows.push(await outboxRow(receiver, settings.endToEnd));
  } finally {
    await receiver.close();
  }
  progress('Argo CD cost as the application grows');
  rows.push(...(await inFreshProcess('argocd-growth', settings.growthRounds)));
  progress('per-request work between network I/O');
  rows.push(...(await inFreshProcess('interleaving', settings.inProcessRounds)));
  const judged = rows.map(judge);
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), loadAverageBefore, loadAverageAfter: round(loadavg()[0]!) };
  const result = { date: new Date().toISOString(), machine, settings: { ...settings, long, quick }, durationSeconds: Math.round((Date.now() - started) / 1000), rows: judged };
  await mkdir(path.join(ROOT, '.tmp'), { recursive: true });
  await writeFile(path.join(ROOT, '.tmp/bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (args.has('--json')) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  printTable(judged, machine, result.durationSeconds);
}

function printTable(rows: readonly JudgedRow[], machine: Record<string, unknown>, seconds: number): void {
  const growth = rows.filter((row) => row.id.startsWith('argocd-growth'));
  const interleaving = rows.filter((row) => row.id.startsWith('interleave-'));
  const main = rows.filter((row) => !growth.includes(row) && !interleaving.includes(row));
  console.log(`Node ${machine.node}, ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, load average ${machine.loadAverageBefore} → ${machine.loadAverageAfter}; ${seconds} s${long ? ', --long' : ''}${quick ? ', --quick (smoke run)' : ''}\n`);
  if (Number(machine.loadAverageBefore) > Number(machine.cpus)) console.log('warning: the machine was busy before the run started; figures are skewed\n');
  console.log(markdownTable(main));
  console.log('\nArgo CD cost as the application grows:\n');
  console.log(markdownTable(growth));
  console.log('\nWhat per-request work costs between network I/O (no goal; explains the end-to-end row):\n');
  console.log(interleavingTable(interleaving));
  for (const row of rows) if (row.note) console.log(`\n${row.id}: ${row.note}`);
  const failed = rows.filter((row) => row.pass === false).length;
  console.log(`\n${rows.filter((row) => row.pass === true).length} goals met, ${failed} missed; details in .tmp/bench.json`);
}

main()
  // Safety net: if a socket or timer is left open, leave anyway once the work is done.
  .then(() => setTimeout(() => process.exit(0), 1_000).unref())
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
