// The Flux Lambda handler called in-process, as the Lambda runtime calls it (benchmark, not a test).
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { loadConfig } from '../../lib/config/load-config.js';
import { localContext, toApiGatewayEvent } from '../../lib/local/api-gateway-event.js';
import type { PostFunction, PostResponse } from '../../lib/sinks/keep-alive-fetch.js';
import { createRuntime } from '../../lib/webhook/create-runtime.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';

const TOKEN = 'bench-token';

/** The broker's answer: one object for every POST, so that the harness allocates nothing per event. */
const ACCEPTED: PostResponse = { status: 202, ok: true, headers: { get: () => null }, body: { cancel: async () => undefined }, text: async () => '' };

/**
 * A broker that accepts at once, without a socket: the handler's own cost, delivery rendering
 * included. Building a fresh answer per POST (three closures, each named at run time by the
 * loader's keep-names helper) read as ~2 % of the handler in a CPU profile.
 */
const acceptAll: PostFunction = async () => ACCEPTED;

/** What the Lambda runtime passes to a handler for one request. */
export interface Invocation {
  event: APIGatewayProxyEventV2;
  context: Context;
}

/** The Flux handler in-process: `invocation` builds what the Lambda runtime would pass for a body, `invoke` calls the handler with it. */
export interface InProcessHandler {
  invocation: (body: Buffer) => Invocation;
  invoke: (invocation: Invocation) => Promise<number>;
}

/**
 * The Flux handler with INFO logs and EMF metrics on, built as `functions/flux.ts` builds it,
 * delivering through its `HttpSink` to a broker that accepts everything in memory. Its output goes to {@link quietly}'s null sink while measured.
 */
export function fluxHandler(): InProcessHandler {
  Object.assign(process.env, { LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_DEV: 'false' });
  const config = loadConfig({ BRIDGE_TOKENS: TOKEN, BRIDGE_CLUSTER: 'bench', CDEVENTS_SINK_URL: 'http://127.0.0.1:9/events', BRIDGE_OUTBOX: 'off' });
  // The Lambda runtime as functions/flux.ts builds it, with the broker's HTTP client swapped.
  const handler = createFluxWebhook(createRuntime(config, 'flux', { fetch: acceptAll })) as unknown as (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
  const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'user-agent': 'Go-http-client/1.1' };
  return {
    invocation: (body) => ({ event: toApiGatewayEvent('POST', '/flux', headers, body, '127.0.0.1'), context: localContext('flux', 15_000) }),
    invoke: async ({ event, context }) => {
      const result = await handler(event, context);
      if (result.statusCode !== 202) throw new Error(`the Flux handler answered ${result.statusCode}: ${result.body}`);
      return result.statusCode;
    },
  };
}

/** Runs `action` with standard output and error going nowhere (a /dev/null-like sink). */
export async function quietly<T>(action: () => Promise<T>): Promise<T> {
  const out = process.stdout.write;
  const err = process.stderr.write;
  const discard = (() => true) as typeof process.stdout.write;
  process.stdout.write = discard;
  process.stderr.write = discard;
  try {
    return await action();
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}
