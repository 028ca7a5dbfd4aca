import { shortEventType } from './short-event-type.js';
import type { HistoryQuery, StoredDelivery } from './delivery-history.js';

/**
 * The sequence numbers worth reading, newest first: never more than the ring holds, nor older than
 * `since`. A `since` beyond the newest row means the history restarted (a new process, or every row
 * expired), so the whole window is read again.
 */
export function windowSeqs(top: number, size: number, query: HistoryQuery): number[] {
  const since = (query.since ?? 0) > top ? 0 : (query.since ?? 0);
  const filtered = query.route !== undefined || query.status !== undefined || query.type !== undefined;
  // Unfiltered, the newest `limit` rows are the answer; filtered, any row in the ring may be.
  const span = filtered ? size : Math.min(size, query.limit);
  const bottom = Math.max(1, top - span + 1, since + 1);
  const seqs: number[] = [];
  for (let seq = top; seq >= bottom; seq -= 1) seqs.push(seq);
  return seqs;
}

/** Whether a row passes the query's filters. */
export function matchesQuery(row: StoredDelivery, query: HistoryQuery): boolean {
  if (query.route !== undefined && row.route !== query.route) return false;
  if (query.status !== undefined) {
    const wanted = query.status.toLowerCase();
    const status = String(row.status);
    if (wanted.endsWith('xx') ? status[0] !== wanted[0] : status !== wanted) return false;
  }
  if (query.type !== undefined && !row.events.some((e) => shortEventType(e.cdevent.context.type) === query.type)) return false;
  return true;
}

/** Rows recently numbered but not yet found are waited for only this close to the newest. */
const IN_FLIGHT_SPAN = 8;

/**
 * The cursor to hand back: the newest sequence number, or just below the oldest of the newest few
 * that are missing. A store that writes without waiting (DynamoDB) can number a row before the row
 * lands, and a reader that moved past it would never see it; holding the cursor there makes the
 * next poll read it again (a reader drops rows it already has). Older holes are rows that failed to
 * write or expired, and are not waited for.
 */
export function nextCursor(top: number, wanted: readonly number[], found: ReadonlySet<number>): number {
  let cursor = top;
  for (const seq of wanted) {
    if (seq <= top - IN_FLIGHT_SPAN) break;
    if (!found.has(seq)) cursor = seq - 1;
  }
  return cursor;
}

/** The answer rows: found rows of the window, filtered, newest first, at most `limit`. */
export function selectRows(rows: readonly StoredDelivery[], query: HistoryQuery): StoredDelivery[] {
  return rows.filter((row) => matchesQuery(row, query)).sort((a, b) => b.seq - a.seq).slice(0, query.limit);
}
