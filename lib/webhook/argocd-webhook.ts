import { lazyClient } from '../aws/lazy-client.js';
import { dynamoDbPackage } from '../aws/sdk-packages.js';
import { parseArgoNotification } from '../argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../argocd/process-notification.js';
import { DynamoDbArgoStateStore } from '../argocd/state/dynamodb-state-store.js';
import { MemoryArgoStateStore } from '../argocd/state/memory-state-store.js';
import type { ArgoStateStore } from '../argocd/state/state-store.js';
import type { BridgeConfig } from '../config/load-config.js';
import { argoStatusSubject } from '../commit-status/plan/argo-status-subject.js';
import { createWebhookHandler } from './create-webhook-handler.js';
import { statusPlan } from './plan-status-jobs.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/** The state store in use: DynamoDB when `ARGOCD_STATE_TABLE` is set (Lambda), else in memory (local). */
export function createArgoStateStore(config: BridgeConfig): ArgoStateStore {
  const tableName = config.argocd.stateTable;
  if (!tableName) return new MemoryArgoStateStore();
  const options = { maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } };
  const client = lazyClient(async () => new (await dynamoDbPackage()).DynamoDBClient(options));
  return new DynamoDbArgoStateStore({ client, tableName });
}

/** The Argo CD route: bearer token or basic auth, Argo CD notification → state-aware CDEvents. */
export function createArgoCdWebhook(runtime: WebhookRuntime, store: ArgoStateStore = createArgoStateStore(runtime.config)) {
  const { config } = runtime;
  const processor = createArgoProcessor({
    store,
    defaultInstance: config.argocd.instance,
    maxEventAgeSeconds: config.argocd.maxEventAgeSeconds,
  });
  return createWebhookHandler(runtime, {
    name: 'argocd',
    auth: { hmac: false, basic: true },
    process: async (body) => {
      const notification = parseArgoNotification(body);
      const plan = await processor.plan(notification);
      return {
        logKeys: { argocd: { app: `${notification.app.namespace}/${notification.app.name}`, event: plan.event, outcome: plan.outcome } },
        drafts: plan.drafts,
        object: `${notification.app.namespace}/${notification.app.name}`,
        plan: statusPlan(runtime, notification, argoStatusSubject),
        ignored: plan.drafts.length === 0 ? `${plan.outcome}: ${plan.reason}` : undefined,
        afterDelivery: plan.commit,
        onDeliveryFailed: plan.release,
      };
    },
  });
}
