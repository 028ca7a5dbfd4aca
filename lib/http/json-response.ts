import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** A JSON response for API Gateway (payload format 2.0). */
export function jsonResponse(
  statusCode: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}
