import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CredentialSource } from '../auth/credential-source.js';
import type { BridgeConfig } from '../config/load-config.js';
import type { Sink } from '../sinks/sink.js';

/** Everything a webhook handler needs besides its own processing step; built once per container. */
export interface WebhookRuntime {
  config: BridgeConfig;
  credentials: CredentialSource;
  sinks: readonly Sink[];
  logger: Logger;
  metrics: Metrics;
}
