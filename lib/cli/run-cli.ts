import { ConfigError } from '../config/config-error.js';
import { HttpError } from '../http/http-error.js';
import { parseJsonObject } from '../http/parse-json-object.js';
import { CliError } from './cli-error.js';
import { loadCliConfig } from './load-cli-config.js';
import { createDryRunMapper } from './map-body.js';
import { parseCliArgs, type CliCommand } from './parse-cli-args.js';
import { readInput } from './read-input.js';
import { USAGE } from './usage.js';
import { validateMappingText } from './validate-mapping.js';

/** Where the CLI reads and writes; the process's own streams in `main`, buffers in tests. */
export interface CliIo {
  env: Readonly<Record<string, string | undefined>>;
  stdin: AsyncIterable<Buffer | string>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Exit status for bad input, arguments or settings (as most Unix tools use for misuse). */
export const EXIT_BAD_INPUT = 2;

/** One line, whatever the message holds (issue lists may span lines). */
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

async function execute(command: Exclude<CliCommand, { name: 'help' }>, io: CliIo): Promise<void> {
  const config = loadCliConfig(io.env, command.flags);
  if (command.name === 'validate') {
    const text = (await readInput(command.file, config.maxBodyBytes, io.stdin)).toString('utf8');
    for (const line of validateMappingText(command.file, text, config.flux.profile)) io.stdout(`${line}\n`);
    return;
  }
  const map = createDryRunMapper(command.source, config);
  const result = await map(parseJsonObject(await readInput(command.file, config.maxBodyBytes, io.stdin)));
  for (const event of result.events) io.stdout(`${JSON.stringify(event)}\n`);
  if (result.ignored !== undefined) io.stderr(`nothing emitted: ${oneLine(result.ignored)}\n`);
  for (const warning of result.warnings) io.stderr(`note: ${warning}\n`);
}

/**
 * Runs one `cdevents-bridge` command line.
 * Bad input (unreadable file, not JSON, invalid fields, bad flag or setting) is reported as one
 * line on stderr with the bridge's own safe message (never the input's content, never a stack).
 * @returns the exit status: 0 done (also when nothing is emitted), 2 bad input, 1 internal error.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCliArgs(args);
    if (command.name === 'help') {
      io.stdout(USAGE);
      return 0;
    }
    await execute(command, io);
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError || error instanceof HttpError) {
      io.stderr(`cdevents-bridge: ${oneLine(error.message)}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`cdevents-bridge: internal error (${(error as Error | undefined)?.name ?? 'unknown'})\n`);
    return 1;
  }
}
