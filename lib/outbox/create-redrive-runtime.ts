import { CachePersistenceLayer } from '@aws-lambda-powertools/idempotency/cache';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ARGO_STATE_PARTITION_KEY, ARGO_STATE_TTL_ATTRIBUTE } from '../argocd/state/dynamodb-table.js';
import { ConfigError } from '../config/config-error.js';
import type { BridgeConfig } from '../config/load-config.js';
import type { DeliveryRecorder } from '../deliveries/delivery-record.js';
import { openDeliveryHistory } from '../deliveries/open-delivery-history.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { createSinkTable, type SinkTable } from '../sinks/sink-table.js';
import { sinkDependencies } from '../webhook/create-runtime.js';
import { createSqsClient } from './create-sqs-client.js';
import { MemoryCacheClient } from './memory-cache-client.js';
import type { RedriveDependencies } from './redrive-handler.js';

/**
 * Where delivered (item, sink) pairs are remembered: the existing DynamoDB table when there is one
 * (items `pk` = `<function>#<hash>`, expiring through the table's TTL attribute), else this process.
 */
export function createDeliveredLedger(config: BridgeConfig): BasePersistenceLayer {
  const tableName = config.argocd.stateTable;
  if (!tableName) return new CachePersistenceLayer({ client: new MemoryCacheClient() });
  const client = new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } });
  return new DynamoDBPersistenceLayer({ tableName, keyAttr: ARGO_STATE_PARTITION_KEY, expiryAttr: ARGO_STATE_TTL_ATTRIBUTE, awsSdkV3Client: client });
}

/**
 * The redrive consumer's dependencies from validated configuration: the same sink table as the
 * webhooks (so a queued message finds its sink by name), the outbox queue, the ledger.
 * @throws ConfigError when no outbox queue is configured.
 */
export function createRedriveRuntime(config: BridgeConfig, extra: { sinks?: SinkTable; recorder?: DeliveryRecorder } = {}): RedriveDependencies {
  const { queueUrl, maxBackoffSeconds, maxReceives } = config.outbox;
  if (!queueUrl) throw new ConfigError('the redrive function needs BRIDGE_OUTBOX_QUEUE_URL, the outbox queue URL');
  const logger = createLogger('redrive');
  return {
    sinks: extra.sinks ?? createSinkTable(config, sinkDependencies(config, { logger })),
    sqs: createSqsClient(queueUrl),
    queueUrl,
    persistenceStore: createDeliveredLedger(config),
    maxBackoffSeconds,
    maxReceives,
    logger,
    metrics: createMetrics('redrive'),
    recorder: extra.recorder ?? openDeliveryHistory(config.deliveries, logger),
  };
}
