import type { DeliveryHistory, HistoryPage, HistoryQuery, StoredDelivery } from './delivery-history.js';
import type { DeliveryRecord } from './delivery-record.js';
import { serializeRecord } from './fit-record.js';
import { selectRows, windowSeqs } from './history-window.js';

/**
 * The history in process memory, for `npm start`: a ring of the latest `size` rows. Recording is
 * synchronous and O(1); the oldest row is overwritten once the ring is full. Rows are kept as JSON
 * text, so a caller that keeps mutating its record cannot change the history.
 */
export class MemoryDeliveryHistory implements DeliveryHistory {
  readonly recording = true;
  private readonly ring: ({ seq: number; json: string } | undefined)[];
  private top = 0;

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError('history size must be a positive integer');
    this.ring = new Array(size);
  }

  record(entry: DeliveryRecord): void {
    try {
      const seq = this.top + 1;
      // Kept as JSON text: one serialisation per request (which also measures the row), and a
      // copy no caller can change; rows are parsed back only when the page asks for them.
      this.ring[seq % this.size] = { seq, json: serializeRecord(entry) };
      this.top = seq;
    } catch {
      // A record that cannot be copied (a caller's bug) is dropped: recording never breaks a request.
    }
  }

  async list(query: HistoryQuery): Promise<HistoryPage> {
    const rows = windowSeqs(this.top, this.size, query).flatMap((seq) => {
      const row = this.#row(seq);
      return row ? [row] : [];
    });
    return { deliveries: selectRows(rows, query), cursor: this.top };
  }

  async get(seq: number): Promise<StoredDelivery | undefined> {
    return this.#row(seq);
  }

  #row(seq: number): StoredDelivery | undefined {
    const row = this.ring[seq % this.size];
    return row?.seq === seq ? Object.freeze({ ...(JSON.parse(row.json) as DeliveryRecord), seq }) : undefined;
  }
}
