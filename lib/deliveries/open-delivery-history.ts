import { lazyClient } from '../aws/lazy-client.js';
import { dynamoDbPackage } from '../aws/sdk-packages.js';
import type { HistoryLogger } from './background-writes.js';
import type { DeliveriesConfig } from '../config/deliveries-settings.js';
import type { DeliveryHistory, HistoryPage } from './delivery-history.js';
import { DynamoDbDeliveryHistory } from './dynamodb-delivery-history.js';
import { MemoryDeliveryHistory } from './memory-delivery-history.js';

/** Bounded SDK timeouts: a history write must not linger, and a page read should fail fast. */
const SDK_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } } as const;

/** `BRIDGE_DELIVERIES_ENABLED=false`: nothing is kept, and readers are told so. */
const DISABLED: DeliveryHistory = {
  recording: false,
  record: () => undefined,
  list: async (): Promise<HistoryPage> => ({ deliveries: [], cursor: 0 }),
  get: async () => undefined,
};

// One history per process and setting: under `npm start` the Flux, Argo CD and deliveries handlers
// are loaded into one process and must share the memory ring; on Lambda each function is alone.
const opened = new Map<string, DeliveryHistory>();

/**
 * The history the settings ask for: none, the DynamoDB table (`BRIDGE_DELIVERIES_TABLE`), or a
 * memory ring shared by every handler of this process. The same settings give the same instance.
 */
export function openDeliveryHistory(settings: DeliveriesConfig, logger: HistoryLogger): DeliveryHistory {
  if (!settings.enabled) return DISABLED;
  const key = `${settings.table ?? ''}|${settings.historySize}|${settings.retentionDays}`;
  let history = opened.get(key);
  if (!history) {
    history = settings.table
      ? new DynamoDbDeliveryHistory({
        client: lazyClient(async () => new (await dynamoDbPackage()).DynamoDBClient(SDK_OPTIONS)),
        tableName: settings.table,
        size: settings.historySize,
        retentionDays: settings.retentionDays,
        logger,
      })
      : new MemoryDeliveryHistory(settings.historySize);
    opened.set(key, history);
  }
  return history;
}
