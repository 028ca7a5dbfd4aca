/** An entry with its size as the service counts it. */
export interface SizedEntry {
  bytes: number;
}

/**
 * Splits entries, in order, into calls of at most `maxCount` entries and `maxBytes` in total: the
 * shape of both EventBridge `PutEvents` and SQS `SendMessageBatch` (10 entries per call, a size cap
 * per call). An entry over `maxBytes` on its own travels alone; callers refuse those first.
 */
export function batchEntries<Entry extends SizedEntry>(entries: readonly Entry[], maxCount: number, maxBytes: number): Entry[][] {
  const batches: Entry[][] = [];
  let current: Entry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    if (current.length === maxCount || (current.length > 0 && bytes + entry.bytes > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += entry.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
