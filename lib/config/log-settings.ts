import { readMetricsNamespace } from './aws-names.js';
import { ConfigError } from './config-error.js';
import { quoteValue, readFlag, readText, type Reader } from './setting-readers.js';

/**
 * Powertools' log levels, most verbose first. Powertools compares the variable's exact text with
 * these upper-case names and silently falls back to INFO on anything else (`debug` included), so
 * only these spellings are accepted.
 */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;

/** One of {@link LOG_LEVELS}. */
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** The logging and metrics settings, validated. */
export interface LogSettings {
  /** `LOG_LEVEL`, default INFO: the handlers' JSON logs (unless `POWERTOOLS_LOG_LEVEL` is set) and `npm start`'s request lines. */
  logLevel: LogLevelName;
}

/** Reads a log level variable; INFO when unset. */
function readLogLevel(read: Reader, name: string): LogLevelName {
  const value = read(name);
  if (value === undefined) return 'INFO';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevelName;
  throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(', ')}, in upper case (got ${quoteValue(value)})`);
}

/**
 * Validates `LOG_LEVEL` and the `POWERTOOLS_*` variables the bridge's Powertools logger and
 * metrics read, so a typo stops the start with its name instead of being ignored (log levels) or
 * throwing a stack trace from inside Powertools (booleans).
 * @throws ConfigError naming the variable and what it accepts.
 */
export function readLogSettings(read: Reader): LogSettings {
  const logLevel = readLogLevel(read, 'LOG_LEVEL');
  readLogLevel(read, 'POWERTOOLS_LOG_LEVEL');
  readFlag(read, 'POWERTOOLS_DEV');
  readFlag(read, 'POWERTOOLS_METRICS_DISABLED');
  readMetricsNamespace(read, 'POWERTOOLS_METRICS_NAMESPACE');
  readText(read, 'POWERTOOLS_SERVICE_NAME');
  // Logging the event would write every request's headers (the bearer token, the Basic password)
  // and its body to the log: the bridge promises never to log either.
  if (readFlag(read, 'POWERTOOLS_LOGGER_LOG_EVENT')) {
    throw new ConfigError('POWERTOOLS_LOGGER_LOG_EVENT must be false or unset: logging the event would write request tokens and bodies to the log');
  }
  const sampleRate = read('POWERTOOLS_LOGGER_SAMPLE_RATE');
  if (sampleRate !== undefined && !(Number(sampleRate) >= 0 && Number(sampleRate) <= 1)) {
    throw new ConfigError('POWERTOOLS_LOGGER_SAMPLE_RATE must be a number from 0 to 1');
  }
  return { logLevel };
}
