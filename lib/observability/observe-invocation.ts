import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/**
 * The start of an invocation, as Powertools' `injectLambdaContext` middleware does it: the
 * logger takes the invocation's Lambda context (and logs the event when
 * `POWERTOOLS_LOGGER_LOG_EVENT` asks for it).
 */
export function startInvocation(logger: Logger, event: unknown, context: Context): void {
  logger.refreshSampleRateCalculation();
  logger.addContext(context);
  logger.logEventIfEnabled(event);
}

/**
 * The end of an invocation, answered or failed, as Powertools' `logMetrics` and
 * `injectLambdaContext(logger, { resetKeys: true })` middlewares end it, in their order: the
 * metrics are published, then the logger's temporary keys dropped.
 */
export function endInvocation(logger: Logger, metrics: Metrics): void {
  metrics.publishStoredMetrics();
  logger.clearBuffer();
  logger.resetKeys();
}
