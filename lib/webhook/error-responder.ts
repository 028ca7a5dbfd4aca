import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj, Request } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { countWithDimension } from '../observability/metrics.js';

/**
 * The one place that turns errors into responses: an {@link HttpError} becomes its status with a
 * JSON `{error, status}` body; anything else becomes a 500 `internal error`, logged without a stack
 * in the response. Register it after the logger middleware.
 */
export function errorResponder(logger: Logger, metrics: Metrics): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  const errorResponderOnError = async (request: Request<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>): Promise<void> => {
    const error = request.error;
    if (error instanceof HttpError) {
      const log = error.statusCode >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
      log('request rejected', { status: error.statusCode, reason: error.message });
      countWithDimension(metrics, 'rejected', 'status', String(error.statusCode));
      request.response = jsonResponse(error.statusCode, { error: error.message, status: error.statusCode }, error.headers);
      return;
    }
    logger.error('unexpected error', { errorName: (error as Error)?.name, errorMessage: (error as Error)?.message });
    countWithDimension(metrics, 'rejected', 'status', '500');
    request.response = jsonResponse(500, { error: 'internal error', status: 500 });
  };
  return { onError: errorResponderOnError };
}
