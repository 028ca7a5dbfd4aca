import type { DeleteItemCommandInput, PutItemCommandInput, UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { n, s, seconds } from './dynamodb-attributes.js';
import { ARGO_STATE_PARTITION_KEY as PK, ARGO_STATE_TTL_ATTRIBUTE as TTL } from './dynamodb-table.js';
import { DONE_KEY_TTL_SECONDS } from './state-store.js';

/**
 * The conditional writes of a `claim#<notification key>` item (status, token, leaseUntil), as
 * SDK inputs for the DynamoDB state store. `pk` is the item's partition key (`stateItemKey`).
 */

/** Pending claims of crashed invocations are cleaned up by TTL after a day. */
const PENDING_TTL_SECONDS = 86_400;

/**
 * Puts a pending claim held by `token` until `now` + `leaseSeconds`. Its condition lets it through
 * when the key is new, past its TTL, or a pending claim whose lease ran out.
 */
export function pendingClaimPut(table: string, pk: string, token: string, leaseSeconds: number, now: Date): PutItemCommandInput {
  return {
    TableName: table,
    Item: {
      [PK]: s(pk), st: s('pending'), tok: s(token),
      leaseUntil: n(now.getTime() + leaseSeconds * 1000), [TTL]: n(seconds(now) + PENDING_TTL_SECONDS),
    },
    ConditionExpression: 'attribute_not_exists(#pk) OR #ttl < :nowS OR (st = :pending AND leaseUntil < :nowMs)',
    ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
    ExpressionAttributeValues: { ':nowS': n(seconds(now)), ':nowMs': n(now.getTime()), ':pending': s('pending') },
  };
}

/** Marks a claim done, kept {@link DONE_KEY_TTL_SECONDS}; its condition fails once `token` lost the claim. */
export function claimDoneUpdate(table: string, pk: string, token: string, now: Date): UpdateItemCommandInput {
  return {
    TableName: table,
    Key: { [PK]: s(pk) },
    UpdateExpression: 'SET st = :done, #ttl = :exp REMOVE leaseUntil',
    ConditionExpression: 'tok = :token',
    ExpressionAttributeNames: { '#ttl': TTL },
    ExpressionAttributeValues: { ':done': s('done'), ':exp': n(seconds(now) + DONE_KEY_TTL_SECONDS), ':token': s(token) },
  };
}

/** Deletes a claim; its condition fails unless the claim is still pending and held by `token`. */
export function pendingClaimDelete(table: string, pk: string, token: string): DeleteItemCommandInput {
  return {
    TableName: table,
    Key: { [PK]: s(pk) },
    ConditionExpression: 'tok = :token AND st = :pending',
    ExpressionAttributeValues: { ':token': s(token), ':pending': s('pending') },
  };
}
