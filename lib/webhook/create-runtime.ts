import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazyClient, type SdkSender } from '../aws/lazy-client.js';
import { dynamoDbPackage, secretsManagerPackage } from '../aws/sdk-packages.js';
import { DynamoDbStatusLedger } from '../commit-status/dedupe/dynamodb-status-ledger.js';
import { StatusResults } from '../commit-status/status-results.js';
import { CachedSecret } from '../auth/cached-secret.js';
import { SecretsManagerCredentials, StaticCredentials, type CredentialSource } from '../auth/credential-source.js';
import { ConfigError } from '../config/config-error.js';
import type { BridgeConfig } from '../config/load-config.js';
import { CircuitBreaker } from '../delivery/circuit-breaker.js';
import { openDeliveryHistory } from '../deliveries/open-delivery-history.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import type { Outbox } from '../outbox/outbox.js';
import { SqsOutbox } from '../outbox/sqs-outbox.js';
import { createKeepAliveFetch, type PostFunction } from '../sinks/keep-alive-fetch.js';
import { createSinkTable, type SinkDependencies } from '../sinks/sink-table.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/** Bounded SDK timeouts so a slow AWS endpoint cannot eat the whole delivery budget. */
const SDK_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } } as const;

let secretsClient: SdkSender<SecretsManagerClient> | undefined;
function secretsManager(): SdkSender<SecretsManagerClient> {
  secretsClient ??= lazyClient(async () => new (await secretsManagerPackage()).SecretsManagerClient(SDK_OPTIONS));
  return secretsClient;
}

/**
 * What sink factories share: one Secrets Manager client per container, and for commit statuses the
 * ledger of what was last written (DynamoDB when `BRIDGE_COMMIT_STATUS_TABLE` is set).
 */
export function sinkDependencies(config: BridgeConfig, commitStatus: SinkDependencies['commitStatus'] = {}, fetch: PostFunction = keepAliveFetch()): SinkDependencies {
  const table = config.commitStatus.table;
  const ledger = table ? new DynamoDbStatusLedger({ client: lazyClient(async () => new (await dynamoDbPackage()).DynamoDBClient(SDK_OPTIONS)), tableName: table }) : undefined;
  return { secretsManager, fetch, commitStatus: { ...(ledger ? { ledger } : {}), ...commitStatus } };
}

let sharedFetch: PostFunction | undefined;
/** One keep-alive HTTP client per process: connections to the broker are reused across events. */
function keepAliveFetch(): PostFunction {
  sharedFetch ??= createKeepAliveFetch();
  return sharedFetch;
}

function credentialSource(config: BridgeConfig): CredentialSource {
  const { secretId, tokens, cacheSeconds } = config.auth;
  if (secretId) return new SecretsManagerCredentials(new CachedSecret(secretsManager(), secretId, cacheSeconds * 1000));
  return new StaticCredentials(tokens);
}

/**
 * The outbox of the configuration, if any.
 * @throws ConfigError for `BRIDGE_OUTBOX=local` outside `npm start`, which alone can embed a queue.
 */
export function createOutbox(config: BridgeConfig): Outbox | undefined {
  const { mode, queueUrl } = config.outbox;
  if (mode === 'local') throw new ConfigError('BRIDGE_OUTBOX=local is for npm start, which embeds the queue; on AWS set BRIDGE_OUTBOX_QUEUE_URL');
  if (mode === 'off' || !queueUrl) return undefined;
  // The SQS package loads with the client, on the first enqueue (see `lazyClient`).
  const client = lazyClient(async () => (await import('../outbox/create-sqs-client.js')).createSqsClient(queueUrl));
  return new SqsOutbox({ client, queueUrl });
}

/** What a caller may swap in the runtime (the benchmark's in-memory broker). */
export interface RuntimeOverrides {
  fetch?: PostFunction;
}

/** Builds the per-container runtime of one function from validated configuration. */
export function createRuntime(config: BridgeConfig, functionName: 'flux' | 'argocd', overrides: RuntimeOverrides = {}): WebhookRuntime {
  const logger = createLogger(functionName);
  const metrics = createMetrics(functionName);
  const statusResults = new StatusResults();
  return {
    config,
    credentials: credentialSource(config),
    sinks: createSinkTable(config, sinkDependencies(config, { logger, metrics, onResult: statusResults.add }, overrides.fetch)),
    statusResults,
    outbox: createOutbox(config),
    breaker: new CircuitBreaker(config.outbox.circuitOpenSeconds * 1000),
    recorder: openDeliveryHistory(config.deliveries, logger),
    logger,
    metrics,
  };
}
