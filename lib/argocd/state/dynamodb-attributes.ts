import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { ARGO_STATE_TTL_ATTRIBUTE } from './dynamodb-table.js';

/** Epoch seconds of a date (the unit of DynamoDB TTL attributes). */
export const seconds = (now: Date): number => Math.floor(now.getTime() / 1000);
/** A number attribute. */
export const n = (value: number): AttributeValue => ({ N: String(value) });
/** A string attribute. */
export const s = (value: string): AttributeValue => ({ S: value });

/**
 * True when a write was refused by its condition expression. Compared by name, which the SDK's
 * `ConditionalCheckFailedException` carries, so the DynamoDB package is not loaded for it.
 */
export function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/** Runs a conditional write whose refusal means "someone else already did it". */
export async function ignoringConditionFailure(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/** Jittered pause before re-reading a record that changed concurrently (at most ~25 ms × attempt). */
export function backOff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * (attempt + 1)));
}

/** True when an item is past its `expiresAt` (TTL deletion can lag by up to days). */
export function expired(item: Record<string, AttributeValue>, now: Date): boolean {
  const expiresAt = Number(item[ARGO_STATE_TTL_ATTRIBUTE]?.N ?? Number.POSITIVE_INFINITY);
  return expiresAt < seconds(now);
}
