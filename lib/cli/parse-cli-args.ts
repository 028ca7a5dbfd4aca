import { parseArgs } from 'node:util';
import { SPEC_VERSIONS } from '../cdevents/types.js';
import { MAPPING_PROFILE_NAMES } from '../flux/mapping-profiles.js';
import { CliError } from './cli-error.js';

/** Settings given as flags; each one, when present, wins over its environment variable. */
export interface CliFlags {
  spec?: string;
  profile?: string;
  mapping?: string;
}

/** One parsed command line. */
export type CliCommand =
  | { name: 'help' }
  | { name: 'map'; source: 'flux' | 'argocd'; file: string; flags: CliFlags }
  | { name: 'validate'; file: string; flags: CliFlags };

const OPTIONS = {
  spec: { type: 'string' },
  profile: { type: 'string' },
  mapping: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function oneOf(flag: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw new CliError(`--${flag} must be one of ${allowed.join(', ')}`);
}

/** Node's parseArgs messages go on with a hint about `--`; the first sentence names the problem. */
function firstSentence(message: string): string {
  const sentence = message.split(/\.\s/)[0] ?? message;
  return sentence.charAt(0).toLowerCase() + sentence.slice(1);
}

/**
 * Parses `map flux|argocd FILE`, `validate FILE` and `--help` with Node's own `util.parseArgs`.
 * @throws CliError naming the unknown command, option or source, a missing or extra argument, or a
 * flag value outside its choices.
 */
export function parseCliArgs(args: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(firstSentence((error as Error).message));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { name: 'help' };
  const flags: CliFlags = { spec: values.spec, profile: values.profile, mapping: values.mapping };
  oneOf('spec', flags.spec, SPEC_VERSIONS);
  oneOf('profile', flags.profile, MAPPING_PROFILE_NAMES);
  if (command === 'map') {
    const [source, file, ...extra] = rest;
    if (source !== 'flux' && source !== 'argocd') throw new CliError(source === undefined ? 'map needs a source: flux or argocd' : 'unknown source; use flux or argocd');
    if (file === undefined) throw new CliError(`map ${source} needs a FILE ('-' for standard input)`);
    if (extra.length > 0) throw new CliError(`map ${source} takes one FILE, got ${extra.length + 1}`);
    return { name: 'map', source, file, flags };
  }
  if (command === 'validate') {
    const [file, ...extra] = rest;
    if (file === undefined) throw new CliError('validate needs a mapping FILE');
    if (extra.length > 0) throw new CliError(`validate takes one FILE, got ${extra.length + 1}`);
    return { name: 'validate', file, flags };
  }
  throw new CliError('unknown command; use map or validate (see --help)');
}
