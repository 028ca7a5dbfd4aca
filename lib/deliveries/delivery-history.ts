import type { DeliveryRecord, DeliveryRecorder } from './delivery-record.js';

/** A history row: the record and its sequence number (1, 2, … in the order requests were recorded). */
export interface StoredDelivery extends DeliveryRecord {
  seq: number;
}

/** Which rows a reader asks for. Filters match exactly; `type` matches an emitted event's short type. */
export interface HistoryQuery {
  /** At most this many rows, newest first. */
  limit: number;
  /** Only rows recorded after this sequence number (a previous answer's `cursor`). */
  since?: number;
  route?: DeliveryRecord['route'];
  /** An exact status (`202`) or a class (`4xx`). */
  status?: string;
  /** A short CDEvents type such as `service.deployed`. */
  type?: string;
}

/** One answer of {@link DeliveryHistory.list}. */
export interface HistoryPage {
  deliveries: StoredDelivery[];
  /** Pass as `since` next time to get only newer rows. */
  cursor: number;
}

/**
 * The deliveries history: written by the webhook handlers (as their {@link DeliveryRecorder}),
 * read by `GET /deliveries`. Readers may throw (the store is unavailable); `record` never does.
 */
export interface DeliveryHistory extends DeliveryRecorder {
  /** Whether requests are being recorded (`BRIDGE_DELIVERIES_ENABLED`). */
  readonly recording: boolean;
  list(query: HistoryQuery): Promise<HistoryPage>;
  /** One row by its sequence number, if still kept. */
  get(seq: number): Promise<StoredDelivery | undefined>;
}
