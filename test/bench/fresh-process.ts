// Runs one measurement in a fresh process and returns its rows (benchmark, not a test).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Row } from './table.js';

/** Longest one measurement may take before its process is stopped. */
const TIMEOUT_MS = 10 * 60_000;

const CHILD = fileURLToPath(new URL('./in-process-child.ts', import.meta.url));

/**
 * The rows of measurement `id` (a key of `in-process-child.ts`'s measurements), taken in a fresh
 * process: measurements run in one process left each other a heap to collect (the Argo CD row's
 * 6 MB of bodies), and the next one's CPU time paid for that collection (the handler row read
 * 43–50 µs after the others against 36 µs alone); and each starts from the same cold code.
 */
export function inFreshProcess(id: string, rounds: number): Promise<Row[]> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [id, String(rounds)], { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'], timeout: TIMEOUT_MS });
    let rows: Row[] | undefined;
    child.on('message', (message) => {
      rows = message as Row[];
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => (rows ? resolve(rows) : reject(new Error(`the measurement ${id} ended without a result (exit ${code ?? signal})`))));
  });
}
