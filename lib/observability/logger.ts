import { Logger } from '@aws-lambda-powertools/logger';

/**
 * The structured JSON logger of one function (Powertools). Log level from `LOG_LEVEL`
 * (read by Powertools itself). Never pass tokens, signatures or request bodies to it.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: `cdevents-bridge-${serviceName}` });
}
