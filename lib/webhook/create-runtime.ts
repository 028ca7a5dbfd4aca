import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CachedSecret } from '../auth/cached-secret.js';
import { SecretsManagerCredentials, StaticCredentials, type CredentialSource } from '../auth/credential-source.js';
import { parseTokenSecret } from '../auth/parse-token-secret.js';
import type { BridgeConfig, HttpSinkConfig } from '../config/load-config.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { EventBridgeSink } from '../sinks/eventbridge-sink.js';
import { HttpSink } from '../sinks/http-sink.js';
import type { Sink } from '../sinks/sink.js';
import { StdoutSink } from '../sinks/stdout-sink.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/** Bounded SDK timeouts so a slow AWS endpoint cannot eat the whole delivery budget. */
const SDK_OPTIONS = { maxAttempts: 2, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } } as const;

let secretsClient: SecretsManagerClient | undefined;
function secretsManager(): SecretsManagerClient {
  secretsClient ??= new SecretsManagerClient(SDK_OPTIONS);
  return secretsClient;
}

function credentialSource(config: BridgeConfig): CredentialSource {
  const { secretId, tokens, cacheSeconds } = config.auth;
  if (secretId) return new SecretsManagerCredentials(new CachedSecret(secretsManager(), secretId, cacheSeconds * 1000));
  return new StaticCredentials(tokens);
}

function outboundToken(http: HttpSinkConfig, cacheSeconds: number): Pick<ConstructorParameters<typeof HttpSink>[0], 'token' | 'refreshToken'> {
  if (http.tokenSecretId) {
    const secret = new CachedSecret(secretsManager(), http.tokenSecretId, cacheSeconds * 1000);
    const first = async (force: boolean) => parseTokenSecret((await secret.get(force)).current)[0];
    return { token: () => first(false), refreshToken: () => first(true) };
  }
  const token = http.token;
  return token ? { token: async () => token } : {};
}

/** The sinks in use: the HTTP broker and/or EventBridge; standard output when neither is configured. */
export function createSinks(config: BridgeConfig): Sink[] {
  const sinks: Sink[] = [];
  const { http, eventBridge } = config.sinks;
  if (http) sinks.push(new HttpSink({ url: http.url, mode: http.mode, ...outboundToken(http, config.auth.cacheSeconds) }));
  if (eventBridge) {
    sinks.push(new EventBridgeSink({
      client: new EventBridgeClient({ ...SDK_OPTIONS, maxAttempts: 1 }),
      eventBusName: eventBridge.busName,
      source: eventBridge.source,
      maxEntryBytes: eventBridge.maxEntryBytes,
    }));
  }
  if (sinks.length === 0) sinks.push(new StdoutSink());
  return sinks;
}

/** Builds the per-container runtime of one function from validated configuration. */
export function createRuntime(config: BridgeConfig, functionName: 'flux' | 'argocd'): WebhookRuntime {
  return {
    config,
    credentials: credentialSource(config),
    sinks: createSinks(config),
    logger: createLogger(functionName),
    metrics: createMetrics(functionName),
  };
}
