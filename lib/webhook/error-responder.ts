import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { countWithDimension } from '../observability/metrics.js';

/** Longest error message written to the log for an unexpected error. */
const MAX_LOGGED_MESSAGE = 300;

/**
 * The message of an unexpected error, fit for the log: quoted spans are replaced by `…`, because
 * runtime messages quote their input (V8's `Unexpected token 'P', "{"values":Pw-9"... is not valid
 * JSON`), and the input may be the caller's content.
 */
export function redactErrorMessage(message: unknown): string {
  if (typeof message !== 'string') return '';
  return message
    .replace(/"[\s\S]*"/g, '"…"')
    .replace(/'[\s\S]*'/g, "'…'")
    .replace(/`[\s\S]*`/g, '`…`')
    .slice(0, MAX_LOGGED_MESSAGE);
}

/**
 * The one place that turns errors into responses: an {@link HttpError} becomes its status with a
 * JSON `{error, status}` body (its message is written to be shown); anything else becomes a 500
 * `internal error`, logged with its name and redacted message, never its stack. Register it after
 * the logger middleware.
 */
export function errorResponder(logger: Logger, metrics: Metrics): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const errorResponderOnError = async (request: Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>): Promise<void> => {
    request.response = respondToError(request.error, logger, metrics);
  };
  return { onError: errorResponderOnError };
}

/** The answer to `error`, logged and counted: what {@link errorResponder} sets as the response. */
export function respondToError(error: unknown, logger: Logger, metrics: Metrics): APIGatewayProxyStructuredResultV2 {
  if (error instanceof HttpError) {
    const log = error.statusCode >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('request rejected', { status: error.statusCode, reason: error.message });
    countWithDimension(metrics, 'rejected', 'status', String(error.statusCode));
    return jsonResponse(error.statusCode, { error: error.message, status: error.statusCode }, error.headers);
  }
  const unexpected = error as Partial<Error> | null | undefined;
  logger.error('unexpected error', { errorName: String(unexpected?.name ?? typeof error), errorMessage: redactErrorMessage(unexpected?.message) });
  countWithDimension(metrics, 'rejected', 'status', '500');
  return jsonResponse(500, { error: 'internal error', status: 500 });
}
