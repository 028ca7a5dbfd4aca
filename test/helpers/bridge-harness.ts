import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { loadConfig, type BridgeConfig } from '../../lib/config/load-config.js';
import { createLocalServer, type LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createRuntime } from '../../lib/webhook/create-runtime.js';
import type { WebhookRuntime } from '../../lib/webhook/webhook-runtime.js';

/** Points the real AWS SDK at a local fake for the rest of the process (tests only). */
export function useLocalAws(endpoint: string): void {
  process.env.AWS_ENDPOINT_URL = endpoint;
  process.env.AWS_REGION = 'eu-west-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
}

/** A running local bridge around one or more handlers. */
export interface RunningBridge {
  url: string;
  config: BridgeConfig;
  runtime: WebhookRuntime;
  post(path: string, body: string, headers?: Record<string, string>): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * Starts the local server on 127.0.0.1 with the given environment, building each route's handler
 * from the same runtime the Lambda would build.
 */
export async function startBridge(
  env: Record<string, string>,
  routes: Record<string, (runtime: WebhookRuntime) => LambdaHttpHandler>,
  functionName: 'flux' | 'argocd' = 'flux',
): Promise<RunningBridge> {
  const config = loadConfig(env);
  const runtime = createRuntime(config, functionName);
  const handlers = Object.fromEntries(Object.entries(routes).map(([path, build]) => [path, build(runtime)]));
  const server: Server = createLocalServer({ routes: handlers, maxBodyBytes: config.maxBodyBytes });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    runtime,
    async post(path, body, headers = {}) {
      const response = await fetch(`${url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : {}, headers: response.headers };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The `X-Signature` value Flux's generic-hmac provider sends for a body. */
export function fluxSignature(body: string | Buffer, key: string): string {
  return `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
}
