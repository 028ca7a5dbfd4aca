import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BadRequestError } from '../../lib/http/http-error.js';
import { localContext } from '../../lib/local/api-gateway-event.js';
import { createLogger } from '../../lib/observability/logger.js';
import { createMetrics } from '../../lib/observability/metrics.js';
import { errorResponder, redactErrorMessage } from '../../lib/webhook/error-responder.js';
import { captureOutput } from '../helpers/capture-output.js';

/** What V8 says for a broken body in Node 20: it quotes the start of the input. */
const V8_JSON_MESSAGE = 'Unexpected token \'P\', "{"values":Pw-9x!Qz7k"... is not valid JSON';

async function respond(error: unknown): Promise<{ response: APIGatewayProxyStructuredResultV2; output: string }> {
  vi.stubEnv('LOG_LEVEL', 'WARN');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
  let response: APIGatewayProxyStructuredResultV2 | undefined;
  const output = await captureOutput(async () => {
    const logger = createLogger('test');
    const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async () => {
      throw error;
    }).use(errorResponder(logger, createMetrics('test')));
    response = await handler({} as APIGatewayProxyEventV2, localContext('test', 1_000));
  });
  return { response: response!, output };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('errorResponder', () => {
  it('answers an unexpected error with 500 internal error and logs its name and redacted message, no stack', async () => {
    const { response, output } = await respond(new SyntaxError(V8_JSON_MESSAGE));
    expect(response.statusCode).toBe(500);
    expect(JSON.parse(response.body!)).toEqual({ error: 'internal error', status: 500 });
    const line = JSON.parse(output.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'ERROR', message: 'unexpected error', errorName: 'SyntaxError', errorMessage: 'Unexpected token \'…\', "…"... is not valid JSON' });
    expect(output).not.toMatch(/Pw-9x|Qz7k|\n\s+at |\.ts:\d/);
  });

  it('passes an HttpError message and status through as {error, status}', async () => {
    const { response, output } = await respond(new BadRequestError('request body is empty; send a JSON object'));
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body!)).toEqual({ error: 'request body is empty; send a JSON object', status: 400 });
    expect(output).toContain('"reason":"request body is empty; send a JSON object"');
  });

  it('survives a thrown non-error', async () => {
    const { response } = await respond('Pw-9x');
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('Pw-9x');
  });
});

describe('redactErrorMessage', () => {
  it('removes every quoted span and bounds the length', () => {
    expect(redactErrorMessage("Cannot read properties of undefined (reading 'Pw')")).toBe("Cannot read properties of undefined (reading '…')");
    expect(redactErrorMessage('`a` "b" \'c\' plain')).toBe('`…` "…" \'…\' plain');
    expect(redactErrorMessage('x'.repeat(1_000))).toHaveLength(300);
    expect(redactErrorMessage(undefined)).toBe('');
  });
});
