import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { StaticCredentials } from '../../lib/auth/credential-source.js';
import { testDeliveryParts } from './sink-table.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { localContext } from '../../lib/local/api-gateway-event.js';
import { createLogger } from '../../lib/observability/logger.js';
import { createMetrics } from '../../lib/observability/metrics.js';
import { createArgoCdWebhook } from '../../lib/webhook/argocd-webhook.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';

const TOKEN = 'handler-reference-token';

/**
 * What the bridge's own route handler delivers for a body under the given settings (empty Argo CD
 * state, a capturing sink): the reference the dry-run CLI is compared with.
 */
export async function deliveredByHandler(
  route: 'flux' | 'argocd',
  body: string,
  env: Record<string, string> = {},
): Promise<{ events: CDEvent[]; status: number; json: Record<string, unknown> }> {
  const delivered: CDEvent[] = [];
  const config = loadConfig({ ...env, BRIDGE_TOKENS: TOKEN });
  const runtime = {
    config, credentials: new StaticCredentials([TOKEN]), logger: createLogger(route), metrics: createMetrics(route),
    ...testDeliveryParts({ name: 'memory', deliver: async (events: readonly CDEvent[]) => { delivered.push(...events); } }),
  };
  const handler = route === 'flux' ? createFluxWebhook(runtime) : createArgoCdWebhook(runtime, new MemoryArgoStateStore());
  const event = {
    version: '2.0', routeKey: `POST /${route}`, rawPath: `/${route}`, rawQueryString: '', isBase64Encoded: false, body,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST' }, requestId: 'handler-reference' },
  } as unknown as APIGatewayProxyEventV2;
  const response = (await handler(event, localContext(route, 5_000))) as { statusCode: number; body: string };
  return { events: delivered, status: response.statusCode, json: JSON.parse(response.body) };
}
