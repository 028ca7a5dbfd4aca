import { randomUUID } from 'node:crypto';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SdkSender } from '../../aws/lazy-client.js';
import { dynamoDbPackage } from '../../aws/sdk-packages.js';
import { appRecordExpiry, applyAppChange } from './apply-app-change.js';
import { claimDoneUpdate, pendingClaimDelete, pendingClaimPut } from './dynamodb-claim-writes.js';
import { migrateAppRecord } from './migrate-app-record.js';
import { backOff, expired, ignoringConditionFailure, isConditionFailure, n, s, seconds } from './dynamodb-attributes.js';
import { ARGO_STATE_PARTITION_KEY as PK, ARGO_STATE_TTL_ATTRIBUTE as TTL, stateItemKey } from './dynamodb-table.js';
import {
  DESTINATION_TTL_SECONDS,
  type ArgoAppChange, type ArgoAppRecord, type ArgoDestinationChange, type ArgoDestinationRecord,
  type ArgoStateStore, type ClaimResult,
} from './state-store.js';

/** Options of {@link DynamoDbArgoStateStore}. */
export interface DynamoDbArgoStateStoreOptions {
  client: SdkSender<DynamoDBClient>;
  tableName: string;
}

/** Bounded retries of the optimistic app update and of the claim read-back. */
const MAX_ATTEMPTS = 8;

/** The app record of an `app#<uid>` item, in the current shape (older shapes are migrated). */
function readRecord(item: Record<string, AttributeValue>): ArgoAppRecord {
  return migrateAppRecord(JSON.parse(item.data?.S ?? '{}') as ArgoAppRecord);
}

/**
 * {@link ArgoStateStore} on one DynamoDB table (see `argoStateTableDefinition`). Items:
 * `claim#<notification key>` (status, token, leaseUntil), `app#<uid>` (JSON record + version for
 * optimistic concurrency), `env#<environment id>` (string set of member uids, announced flag).
 * Every item carries `expiresAt`; items past it are treated as absent before TTL deletes them.
 * Needs GetItem, PutItem, UpdateItem and DeleteItem. SDK errors other than failed conditions propagate.
 */
export class DynamoDbArgoStateStore implements ArgoStateStore {
  private readonly client: SdkSender<DynamoDBClient>;
  private readonly table: string;

  constructor(options: DynamoDbArgoStateStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
  }

  async claim(key: string, leaseSeconds: number, now: Date): Promise<ClaimResult> {
    const pk = stateItemKey('claim', key);
    const { PutItemCommand } = await dynamoDbPackage();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const token = randomUUID();
      try {
        await this.client.send(new PutItemCommand(pendingClaimPut(this.table, pk, token, leaseSeconds, now)));
        return { status: 'claimed', token };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const item = await this.get(pk);
      if (item?.st?.S === 'done') return { status: 'done' };
      if (item) return { status: 'pending' };
    }
    return { status: 'pending' };
  }

  async complete(key: string, token: string, now: Date): Promise<void> {
    const { UpdateItemCommand } = await dynamoDbPackage();
    await ignoringConditionFailure(() => this.client.send(new UpdateItemCommand(claimDoneUpdate(this.table, stateItemKey('claim', key), token, now))));
  }

  async release(key: string, token: string): Promise<void> {
    const { DeleteItemCommand } = await dynamoDbPackage();
    await ignoringConditionFailure(() => this.client.send(new DeleteItemCommand(pendingClaimDelete(this.table, stateItemKey('claim', key), token))));
  }

  async getApp(uid: string, now: Date): Promise<ArgoAppRecord | undefined> {
    const item = await this.get(stateItemKey('app', uid));
    return item && !expired(item, now) ? readRecord(item) : undefined;
  }

  async updateApp(uid: string, change: ArgoAppChange, now: Date): Promise<void> {
    const pk = stateItemKey('app', uid);
    const { PutItemCommand } = await dynamoDbPackage();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const item = await this.get(pk);
      const version = Number(item?.version?.N ?? 0);
      const current = item && !expired(item, now) ? readRecord(item) : undefined;
      const record = applyAppChange(current, change);
      try {
        await this.client.send(new PutItemCommand({
          TableName: this.table,
          Item: { [PK]: s(pk), data: s(JSON.stringify(record)), version: n(version + 1), [TTL]: n(appRecordExpiry(record, now)) },
          ConditionExpression: item ? 'version = :version' : 'attribute_not_exists(#pk)',
          ...(item ? { ExpressionAttributeValues: { ':version': n(version) } } : { ExpressionAttributeNames: { '#pk': PK } }),
        }));
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      await backOff(attempt);
    }
    throw new Error(`argo cd state: app record ${uid} kept changing concurrently; gave up after ${MAX_ATTEMPTS} attempts`);
  }

  async getDestination(environmentId: string, now: Date): Promise<ArgoDestinationRecord | undefined> {
    const item = await this.get(stateItemKey('env', environmentId));
    if (!item || expired(item, now)) return undefined;
    return { members: [...(item.members?.SS ?? [])].sort(), announced: item.announced?.BOOL ?? false };
  }

  async updateDestination(change: ArgoDestinationChange, now: Date): Promise<void> {
    const { UpdateItemCommand } = await dynamoDbPackage();
    const operations: [string, string][] = [];
    if (change.addMember) operations.push(['ADD', change.addMember]);
    if (change.removeMember) operations.push(['DELETE', change.removeMember]);
    if (operations.length === 0) operations.push(['', '']);
    // ADD and DELETE of one set cannot share an update expression, so each runs on its own.
    for (const [operation, uid] of operations) {
      const set = change.announced === undefined ? 'SET #ttl = :exp' : 'SET #ttl = :exp, announced = :announced';
      await this.client.send(new UpdateItemCommand({
        TableName: this.table,
        Key: { [PK]: s(stateItemKey('env', change.environmentId)) },
        UpdateExpression: operation ? `${set} ${operation} members :uid` : set,
        ExpressionAttributeNames: { '#ttl': TTL },
        ExpressionAttributeValues: {
          ':exp': n(seconds(now) + DESTINATION_TTL_SECONDS),
          ...(change.announced === undefined ? {} : { ':announced': { BOOL: change.announced } }),
          ...(operation ? { ':uid': { SS: [uid] } } : {}),
        },
      }));
    }
  }

  private async get(pk: string): Promise<Record<string, AttributeValue> | undefined> {
    const { GetItemCommand } = await dynamoDbPackage();
    const result = await this.client.send(new GetItemCommand({ TableName: this.table, Key: { [PK]: s(pk) }, ConsistentRead: true }));
    return result.Item;
  }
}
