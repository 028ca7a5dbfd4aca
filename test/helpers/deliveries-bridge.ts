import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { loadConfig, type BridgeConfig } from '../../lib/config/load-config.js';
import { createDeliveriesHandler } from '../../lib/deliveries/create-deliveries-handler.js';
import { createDeliveriesRuntime } from '../../lib/deliveries/create-deliveries-runtime.js';
import type { DeliveryHistory } from '../../lib/deliveries/delivery-history.js';
import { MemoryDeliveryHistory } from '../../lib/deliveries/memory-delivery-history.js';
import { createLocalServer, type LambdaHttpHandler, type LocalServerOptions } from '../../lib/local/local-server.js';
import { createArgoCdWebhook } from '../../lib/webhook/argocd-webhook.js';
import { createRuntime } from '../../lib/webhook/create-runtime.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';

/** The page's files in the source tree (what functions/deliveries.ts points at). */
export const PAGE_DIRECTORY = fileURLToPath(new URL('../../lib/deliveries/page/', import.meta.url));

/** A local bridge whose Flux and Argo CD webhooks record into one history that `/deliveries` shows. */
export interface DeliveriesBridge {
  url: string;
  config: BridgeConfig;
  history: DeliveryHistory;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the local server on 127.0.0.1 with `/flux`, `/argocd` and `/deliveries` (page, files,
 * JSON), built from the same runtimes the Lambdas build, sharing a memory history (or `history`).
 */
export async function startDeliveriesBridge(
  env: Record<string, string>,
  options: { history?: DeliveryHistory; onAnswer?: LocalServerOptions['onAnswer'] } = {},
): Promise<DeliveriesBridge> {
  const config = loadConfig(env);
  const history = options.history ?? new MemoryDeliveryHistory(config.deliveries.historySize);
  const deliveries = createDeliveriesHandler({ ...createDeliveriesRuntime(config, PAGE_DIRECTORY), history }) as unknown as LambdaHttpHandler;
  const routes: Record<string, LambdaHttpHandler> = {
    '/flux': createFluxWebhook({ ...createRuntime(config, 'flux'), recorder: history }) as unknown as LambdaHttpHandler,
    '/argocd': createArgoCdWebhook({ ...createRuntime(config, 'argocd'), recorder: history }) as unknown as LambdaHttpHandler,
    '/deliveries': deliveries,
    '/deliveries/{proxy+}': deliveries,
  };
  const server: Server = createLocalServer({ routes, maxBodyBytes: config.maxBodyBytes, onAnswer: options.onAnswer });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    config,
    history,
    fetch: (path, init) => fetch(`${url}${path}`, init),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** `Authorization: Basic` with any user name and the token as password, as a browser sends it. */
export function basicAuth(token: string, user = 'viewer'): string {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}
