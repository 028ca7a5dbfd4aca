import { readTableName } from './aws-names.js';
import { readFlag, readInteger, type Reader } from './setting-readers.js';

/** The deliveries history (`GET /deliveries`): what is kept, where, and for how long. */
export interface DeliveriesConfig {
  /** `BRIDGE_DELIVERIES_ENABLED` (default true): false records nothing, and the page says so. */
  enabled: boolean;
  /** `BRIDGE_DELIVERIES_HISTORY_SIZE` (default 200): how many of the latest requests are kept. */
  historySize: number;
  /** `BRIDGE_DELIVERIES_RETENTION_DAYS` (default 7): DynamoDB items expire (TTL) after this. */
  retentionDays: number;
  /** `BRIDGE_DELIVERIES_TABLE`: the DynamoDB table holding the history; unset = in memory (local runs). */
  table?: string;
}

/**
 * Reads the deliveries history settings; every variable is checked even when recording is off.
 * @throws ConfigError naming the variable and what it accepts.
 */
export function readDeliveriesSettings(read: Reader): DeliveriesConfig {
  const historySize = readInteger(read, 'BRIDGE_DELIVERIES_HISTORY_SIZE', 200, 1, 1000);
  const retentionDays = readInteger(read, 'BRIDGE_DELIVERIES_RETENTION_DAYS', 7, 1, 365);
  const table = readTableName(read, 'BRIDGE_DELIVERIES_TABLE');
  const enabled = readFlag(read, 'BRIDGE_DELIVERIES_ENABLED') ?? true;
  return { enabled, historySize, retentionDays, table };
}
