import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CredentialSource } from '../auth/credential-source.js';
import type { StatusResults } from '../commit-status/status-results.js';
import type { BridgeConfig } from '../config/load-config.js';
import type { CircuitBreaker } from '../delivery/circuit-breaker.js';
import type { DeliveryRecorder } from '../deliveries/delivery-record.js';
import type { Outbox } from '../outbox/outbox.js';
import type { SinkTable } from '../sinks/sink-table.js';

/** Everything a webhook handler needs besides its own processing step; built once per container. */
export interface WebhookRuntime {
  config: BridgeConfig;
  credentials: CredentialSource;
  /** Every sink by name: the CloudEvents sinks take the events, the others take writes planned from them. */
  sinks: SinkTable;
  /** Where what the sinks did not take in time waits for the redrive; none means answer 502 instead. */
  outbox?: Outbox;
  breaker: CircuitBreaker;
  /** Keeps the deliveries history (`GET /deliveries`), when enabled. */
  recorder?: DeliveryRecorder;
  /** What the commit-status sinks did with each write, for the history. */
  statusResults?: StatusResults;
  logger: Logger;
  metrics: Metrics;
}
