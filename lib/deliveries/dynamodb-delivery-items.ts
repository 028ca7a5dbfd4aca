import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ARGO_STATE_PARTITION_KEY as PK, ARGO_STATE_TTL_ATTRIBUTE as TTL } from '../argocd/state/dynamodb-table.js';
import type { StoredDelivery } from './delivery-history.js';
import type { DeliveryRecord } from './delivery-record.js';
import { serializeRecord } from './fit-record.js';

// Items of the history share the Argo CD state table (partition key only) under their own prefix,
// apart from its `claim#`, `app#` and `env#` items. With no sort key a Query returns one item at most,
// so the history is a ring of numbered slots: a counter gives each row its number, the row goes to
// slot `number mod size`, and the latest N are N keys read with BatchGetItem.

/** Key of the counter item (attribute `seq`: the last number handed out). */
export const COUNTER_KEY = 'dlv#seq';

/** Key of the ring slot holding row `seq`. */
export function slotKey(seq: number, size: number): Record<string, AttributeValue> {
  return { [PK]: { S: `dlv#slot#${seq % size}` } };
}

/** The slot item for a row. */
export function toSlotItem(seq: number, size: number, entry: DeliveryRecord, expiresAt: number): Record<string, AttributeValue> {
  return { ...slotKey(seq, size), seq: { N: String(seq) }, data: { S: serializeRecord(entry) }, [TTL]: { N: String(expiresAt) } };
}

/**
 * The row in a slot item, when the slot still holds row `seq` (not an older lap's) and has not
 * expired (TTL deletion can lag by days). A slot that does not parse reads as absent.
 */
export function fromSlotItem(item: Record<string, AttributeValue> | undefined, seq: number, nowSeconds: number): StoredDelivery | undefined {
  if (!item || Number(item.seq?.N) !== seq) return undefined;
  if (Number(item[TTL]?.N ?? Number.POSITIVE_INFINITY) < nowSeconds) return undefined;
  try {
    return { ...(JSON.parse(item.data?.S ?? '') as DeliveryRecord), seq };
  } catch {
    return undefined;
  }
}
