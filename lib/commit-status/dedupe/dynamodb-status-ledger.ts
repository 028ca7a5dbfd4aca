import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SdkSender } from '../../aws/lazy-client.js';
import { dynamoDbPackage } from '../../aws/sdk-packages.js';
import { isConditionFailure, n, s, seconds } from '../../argocd/state/dynamodb-attributes.js';
import { ARGO_STATE_PARTITION_KEY as PK, ARGO_STATE_TTL_ATTRIBUTE as TTL } from '../../argocd/state/dynamodb-table.js';
import { sha256Hex } from '../../text/canonical-json.js';
import type { LedgerEntry, StatusLedger } from './status-ledger.js';

/** Records live 30 days: a commit is rarely reported on after that, and a lost record costs one repeated write. */
export const LEDGER_TTL_SECONDS = 30 * 86_400;
/** Keys longer than this are hashed (partition keys are limited to 2 KiB). */
const MAX_KEY_LENGTH = 1024;

/** The item key: `cs#<key>`, a prefix no Argo CD state item uses (`claim#`, `app#`, `env#`). */
export function ledgerItemKey(key: string): string {
  return `cs#${key.length > MAX_KEY_LENGTH ? `sha256:${sha256Hex(key)}` : key}`;
}

/** Options of {@link DynamoDbStatusLedger}. */
export interface DynamoDbStatusLedgerOptions {
  client: SdkSender<DynamoDBClient>;
  /** The Argo CD state table (`argoStateTableDefinition`). */
  tableName: string;
  now?: () => Date;
}

/**
 * A ledger on the Argo CD state table, shared by every function instance: items `cs#<key>` with
 * `state`, `description`, `eventTime` and `expiresAt`. The write is conditional, so an older event
 * never replaces a newer record even when two instances race. It never reads the provider: a
 * missing record means nothing was written. Needs GetItem and PutItem.
 */
export class DynamoDbStatusLedger implements StatusLedger {
  readonly #options: DynamoDbStatusLedgerOptions;

  constructor(options: DynamoDbStatusLedgerOptions) {
    this.#options = options;
  }

  async lastWritten(key: string): Promise<LedgerEntry | undefined> {
    const { client, tableName } = this.#options;
    const { GetItemCommand } = await dynamoDbPackage();
    const { Item: item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { [PK]: s(ledgerItemKey(key)) }, ConsistentRead: true }));
    if (!item || Number(item[TTL]?.N ?? 0) < seconds(this.#now())) return undefined;
    return { state: item.state?.S ?? '', description: item.description?.S ?? '', ...(item.eventTime?.S ? { eventTime: item.eventTime.S } : {}) };
  }

  async record(key: string, entry: LedgerEntry): Promise<void> {
    const { client, tableName } = this.#options;
    const eventTime = entry.eventTime ?? '';
    const { PutItemCommand } = await dynamoDbPackage();
    try {
      await client.send(new PutItemCommand({
        TableName: tableName,
        Item: {
          [PK]: s(ledgerItemKey(key)), state: s(entry.state), description: s(entry.description),
          eventTime: s(eventTime), [TTL]: n(seconds(this.#now()) + LEDGER_TTL_SECONDS),
        },
        // ISO 8601 times in UTC compare as strings.
        ConditionExpression: 'attribute_not_exists(#pk) OR eventTime <= :time OR #ttl < :now',
        ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
        ExpressionAttributeValues: { ':time': s(eventTime), ':now': n(seconds(this.#now())) },
      }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  #now(): Date {
    return (this.#options.now ?? (() => new Date()))();
  }
}
