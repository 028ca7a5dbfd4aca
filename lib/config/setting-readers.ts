import { ConfigError } from './config-error.js';

/** Reads one variable: trimmed, and `undefined` when unset or blank. */
export type Reader = (name: string) => string | undefined;

/** A {@link Reader} over an environment, where a blank value counts as unset. */
export function createReader(env: Readonly<Record<string, string | undefined>>): Reader {
  return (name) => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
}

/**
 * One of a fixed list of words; the first is the default. The value is repeated in the message:
 * every list here holds plain words (levels, modes, versions), never a secret.
 * @throws ConfigError naming the variable and every allowed value.
 */
export function readOneOf<T extends string>(read: Reader, name: string, allowed: readonly T[]): T {
  const value = read(name);
  if (value === undefined) return allowed[0] as T;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got ${quoteValue(value)})`);
  }
  return value as T;
}

/**
 * An integer within bounds, or `fallback` when unset.
 * @throws ConfigError naming the variable and the bounds.
 */
export function readInteger(read: Reader, name: string, fallback: number, min: number, max: number): number {
  const value = read(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got ${quoteValue(value)})`);
  }
  return parsed;
}

// Powertools reads its boolean variables with these words, case-insensitively
// (getBooleanFromEnv with extendedParsing, @aws-lambda-powertools/commons envUtils).
const TRUE_WORDS = ['1', 'y', 'yes', 't', 'true', 'on'];
const FALSE_WORDS = ['0', 'n', 'no', 'f', 'false', 'off'];

/**
 * A yes/no variable in the words Powertools understands; `undefined` when unset.
 * @throws ConfigError naming the variable, since Powertools itself would throw at cold start with a stack.
 */
export function readFlag(read: Reader, name: string): boolean | undefined {
  const value = read(name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (TRUE_WORDS.includes(value)) return true;
  if (FALSE_WORDS.includes(value)) return false;
  throw new ConfigError(`${name} must be true or false (also accepted: ${[...TRUE_WORDS, ...FALSE_WORDS].filter((w) => w !== 'true' && w !== 'false').join(', ')})`);
}

/**
 * Free text that ends up in ids, URLs or log lines: at most `max` characters and no control
 * characters. The value itself is not repeated.
 * @throws ConfigError naming the variable.
 */
export function readText(read: Reader, name: string, max = 256): string | undefined {
  const value = read(name);
  if (value === undefined) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (value.length > max || /[\u0000-\u001f\u007f-\u009f]/.test(value)) {
    throw new ConfigError(`${name} must be at most ${max} characters with no control characters (line breaks, tabs)`);
  }
  return value;
}

/**
 * A non-secret value quoted for an error message: control characters replaced and cut short, so
 * a pasted blob can neither flood nor drive the terminal.
 */
export function quoteValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are replaced before printing
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return `'${printable.length > 40 ? `${printable.slice(0, 40)}…` : printable}'`;
}
