import { runCli } from './run-cli.js';

/**
 * The `cdevents-bridge` entry point (see `bin/cdevents-bridge.mjs`): runs with the process's
 * environment and streams.
 * @returns the exit status.
 */
export function main(args: readonly string[]): Promise<number> {
  return runCli(args, {
    env: process.env,
    stdin: process.stdin,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
