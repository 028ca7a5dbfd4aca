// What `npm start` runs, read from package.json, for tests and benchmarks that start the bridge as users do.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The arguments `npm start` gives `node` (V8 flags, the tsx loader, the entry point), read from
 * `package.json` in `root`: spawn `process.execPath` with them to run the bridge exactly as
 * `npm start` does, in one process.
 * @throws Error when the start script does not begin with `node `.
 */
export function npmStartArguments(root: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`npm start's script must begin with "node " to be run with this node; it is ${JSON.stringify(scripts.start)}`);
  return args;
}
