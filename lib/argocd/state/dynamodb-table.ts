import type { CreateTableCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';
import { sha256Hex } from '../../text/canonical-json.js';

/** Partition key of the Argo CD state table (type S, no sort key). */
export const ARGO_STATE_PARTITION_KEY = 'pk';
/** TTL attribute of the Argo CD state table (epoch seconds). */
export const ARGO_STATE_TTL_ATTRIBUTE = 'expiresAt';

/** Keys longer than this (e.g. from a very long environment annotation) are hashed. */
const MAX_KEY_LENGTH = 1024;

/**
 * The table the DynamoDB state store expects, as SDK inputs: one table, string partition key
 * `pk`, on-demand billing, TTL on `expiresAt`. `serverless.yml` declares the same table
 * (`ArgocdStateTable`); tests create it from this definition.
 */
export function argoStateTableDefinition(tableName: string): {
  createTable: CreateTableCommandInput;
  timeToLive: UpdateTimeToLiveCommandInput;
} {
  return {
    createTable: {
      TableName: tableName,
      AttributeDefinitions: [{ AttributeName: ARGO_STATE_PARTITION_KEY, AttributeType: 'S' }],
      KeySchema: [{ AttributeName: ARGO_STATE_PARTITION_KEY, KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
    },
    timeToLive: {
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: ARGO_STATE_TTL_ATTRIBUTE, Enabled: true },
    },
  };
}

/**
 * The partition key of an item: `<kind>#<id>`, with ids over 1 KiB replaced by their sha256
 * (DynamoDB partition keys are limited to 2 KiB).
 */
export function stateItemKey(kind: 'claim' | 'app' | 'env', id: string): string {
  return `${kind}#${id.length > MAX_KEY_LENGTH ? `sha256:${sha256Hex(id)}` : id}`;
}
