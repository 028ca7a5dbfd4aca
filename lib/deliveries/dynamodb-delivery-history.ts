import type { AttributeValue, BatchGetItemCommandOutput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SdkSender } from '../aws/lazy-client.js';
import { dynamoDbPackage } from '../aws/sdk-packages.js';
import { ARGO_STATE_PARTITION_KEY as PK, ARGO_STATE_TTL_ATTRIBUTE as TTL } from '../argocd/state/dynamodb-table.js';
import { BackgroundWrites, type HistoryLogger } from './background-writes.js';
import type { DeliveryHistory, HistoryPage, HistoryQuery, StoredDelivery } from './delivery-history.js';
import type { DeliveryRecord } from './delivery-record.js';
import { COUNTER_KEY, fromSlotItem, slotKey, toSlotItem } from './dynamodb-delivery-items.js';
import { nextCursor, selectRows, windowSeqs } from './history-window.js';

/** Options of {@link DynamoDbDeliveryHistory}. */
export interface DynamoDbDeliveryHistoryOptions {
  client: SdkSender<DynamoDBClient>;
  tableName: string;
  /** Ring size: how many of the latest rows are kept. Writers and readers must agree on it. */
  size: number;
  retentionDays: number;
  logger: HistoryLogger;
  now?: () => Date;
}

/** BatchGetItem takes at most 100 keys (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html). */
const BATCH_KEYS = 100;
/** Rounds of re-asking for keys DynamoDB left unprocessed (throttling) before reading them as absent. */
const UNPROCESSED_ROUNDS = 3;

/**
 * The history on the Argo CD state table (see `dynamodb-delivery-items.ts` for the layout). A row
 * costs one UpdateItem (the counter) and one PutItem, started in the background; a list costs one
 * GetItem and one BatchGetItem per 100 rows; every item expires after `retentionDays`.
 * Readers need GetItem and BatchGetItem; writers UpdateItem and PutItem.
 */
export class DynamoDbDeliveryHistory implements DeliveryHistory {
  readonly recording = true;
  private readonly writes: BackgroundWrites;
  private readonly now: () => Date;

  constructor(private readonly options: DynamoDbDeliveryHistoryOptions) {
    this.writes = new BackgroundWrites(options.logger);
    this.now = options.now ?? (() => new Date());
  }

  record(entry: DeliveryRecord): void {
    this.writes.start(() => this.write(entry));
  }

  /** Resolves when the rows recorded so far are written (or given up). */
  settle(): Promise<void> {
    return this.writes.settle();
  }

  flush(maxMs: number): Promise<void> {
    return this.writes.settle(maxMs);
  }

  async list(query: HistoryQuery): Promise<HistoryPage> {
    const top = await this.readTop();
    const wanted = windowSeqs(top, this.options.size, query);
    const rows = await this.readRows(wanted);
    return { deliveries: selectRows(rows, query), cursor: nextCursor(top, wanted, new Set(rows.map((row) => row.seq))) };
  }

  async get(seq: number): Promise<StoredDelivery | undefined> {
    const { client, tableName, size } = this.options;
    const { GetItemCommand } = await dynamoDbPackage();
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: slotKey(seq, size), ConsistentRead: true }));
    return fromSlotItem(Item, seq, this.nowSeconds());
  }

  private nowSeconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  private async write(entry: DeliveryRecord): Promise<void> {
    const { client, tableName, size, retentionDays } = this.options;
    const { PutItemCommand, UpdateItemCommand } = await dynamoDbPackage();
    const expiresAt = this.nowSeconds() + retentionDays * 86_400;
    // The counter expires with the rows, so a history idle for the whole retention starts again at 1.
    const { Attributes } = await client.send(new UpdateItemCommand({
      TableName: tableName,
      Key: { [PK]: { S: COUNTER_KEY } },
      UpdateExpression: 'ADD #seq :one SET #ttl = :exp',
      ExpressionAttributeNames: { '#seq': 'seq', '#ttl': TTL },
      ExpressionAttributeValues: { ':one': { N: '1' }, ':exp': { N: String(expiresAt) } },
      ReturnValues: 'UPDATED_NEW',
    }));
    const seq = Number(Attributes?.seq?.N);
    await client.send(new PutItemCommand({ TableName: tableName, Item: toSlotItem(seq, size, entry, expiresAt) }));
  }

  private async readTop(): Promise<number> {
    const { client, tableName } = this.options;
    const { GetItemCommand } = await dynamoDbPackage();
    const { Item } = await client.send(new GetItemCommand({ TableName: tableName, Key: { [PK]: { S: COUNTER_KEY } }, ConsistentRead: true }));
    return Item && Number(Item[TTL]?.N ?? Number.POSITIVE_INFINITY) >= this.nowSeconds() ? Number(Item.seq?.N ?? 0) : 0;
  }

  private async readRows(seqs: readonly number[]): Promise<StoredDelivery[]> {
    const items = new Map<string, Record<string, AttributeValue>>();
    for (let start = 0; start < seqs.length; start += BATCH_KEYS) {
      for (const item of await this.batchGet(seqs.slice(start, start + BATCH_KEYS))) items.set(String(item[PK]?.S), item);
    }
    const nowSeconds = this.nowSeconds();
    return seqs.flatMap((seq) => {
      const row = fromSlotItem(items.get(String(slotKey(seq, this.options.size)[PK]?.S)), seq, nowSeconds);
      return row ? [row] : [];
    });
  }

  private async batchGet(seqs: readonly number[]): Promise<Record<string, AttributeValue>[]> {
    const { client, tableName, size } = this.options;
    const { BatchGetItemCommand } = await dynamoDbPackage();
    const found: Record<string, AttributeValue>[] = [];
    let keys: Record<string, AttributeValue>[] | undefined = seqs.map((seq) => slotKey(seq, size));
    for (let round = 0; keys && keys.length > 0 && round < UNPROCESSED_ROUNDS; round += 1) {
      const result: BatchGetItemCommandOutput = await client.send(new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } } }));
      found.push(...(result.Responses?.[tableName] ?? []));
      keys = result.UnprocessedKeys?.[tableName]?.Keys;
    }
    return found;
  }
}
