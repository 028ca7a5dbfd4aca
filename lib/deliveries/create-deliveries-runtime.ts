import { lazyClient } from '../aws/lazy-client.js';
import { secretsManagerPackage } from '../aws/sdk-packages.js';
import { CachedSecret } from '../auth/cached-secret.js';
import { SecretsManagerCredentials, StaticCredentials, type CredentialSource } from '../auth/credential-source.js';
import type { BridgeConfig } from '../config/load-config.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import type { DeliveriesRuntime } from './create-deliveries-handler.js';
import { openDeliveryHistory } from './open-delivery-history.js';

/** The webhooks' tokens, from the same place the webhooks read them (`BRIDGE_TOKEN_SECRET_ID` or `BRIDGE_TOKENS`). */
function viewerCredentials(config: BridgeConfig): CredentialSource {
  const { secretId, tokens, cacheSeconds } = config.auth;
  if (!secretId) return new StaticCredentials(tokens);
  const options = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } };
  const client = lazyClient(async () => new (await secretsManagerPackage()).SecretsManagerClient(options));
  return new SecretsManagerCredentials(new CachedSecret(client, secretId, cacheSeconds * 1000));
}

/** Builds the per-container runtime of the deliveries function from validated configuration. */
export function createDeliveriesRuntime(config: BridgeConfig, pageDirectory: string): DeliveriesRuntime {
  const logger = createLogger('deliveries');
  return {
    history: openDeliveryHistory(config.deliveries, logger),
    historySize: config.deliveries.historySize,
    credentials: viewerCredentials(config),
    logger,
    metrics: createMetrics('deliveries'),
    pageDirectory,
  };
}
