// Takes one measurement in this fresh process and sends its rows to the parent (benchmark, not a test).
// Started by fresh-process.ts as `in-process-child.ts <measurement> <rounds>` with an IPC channel.
import { growthRows } from './growth.js';
import { IN_PROCESS_ROWS } from './in-process.js';
import { interleavingRows } from './interleaving.js';
import type { Row } from './table.js';

const MEASUREMENTS: Readonly<Record<string, (rounds: number) => Promise<Row | Row[]>>> = { ...IN_PROCESS_ROWS, 'argocd-growth': growthRows, interleaving: interleavingRows };

const [id = '', rounds = ''] = process.argv.slice(2);
const measure = MEASUREMENTS[id];
if (!measure || !process.send) throw new Error(`usage: in-process-child.ts <${Object.keys(MEASUREMENTS).join('|')}> <rounds>, started by fresh-process.ts`);
const result = await measure(Number(rounds));
process.send(Array.isArray(result) ? result : [result], () => process.exit(0));
