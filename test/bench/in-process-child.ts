// Measures one in-process row in this fresh process and sends it to the parent (benchmark, not a test).
// Started by in-process.ts as `in-process-child.ts <row id> <rounds>` with an IPC channel.
import { IN_PROCESS_ROWS } from './in-process.js';

const [id = '', rounds = ''] = process.argv.slice(2);
const measure = IN_PROCESS_ROWS[id];
if (!measure || !process.send) throw new Error(`usage: in-process-child.ts <${Object.keys(IN_PROCESS_ROWS).join('|')}> <rounds>, started by in-process.ts`);
const row = await measure(Number(rounds));
process.send(row, () => process.exit(0));
