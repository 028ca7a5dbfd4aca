import { SPEC_VERSIONS, type SpecVersion } from '../cdevents/types.js';
import { readMaxEventAgeSeconds } from '../argocd/config/read-max-event-age.js';
import { readSecretId, readTableName } from './aws-names.js';
import { ConfigError } from './config-error.js';
import { readDeliveriesSettings, type DeliveriesConfig } from './deliveries-settings.js';
import { readCommitStatusSettings, type CommitStatusSettings } from './commit-status-settings.js';
import { readLogSettings, type LogLevelName } from './log-settings.js';
import { readOutboxSettings, type OutboxConfig } from './outbox-settings.js';
import { createReader, readInteger, readOneOf, readText, type Reader } from './setting-readers.js';
import { readEventBridgeSink, readHttpSink, type EventBridgeSinkConfig, type HttpSinkConfig } from './sink-settings.js';

export type { EventBridgeSinkConfig, HttpSinkConfig } from './sink-settings.js';
export type { OutboxConfig, OutboxMode } from './outbox-settings.js';

/** Where inbound credentials come from: a Secrets Manager secret, or tokens given directly (local runs). */
export interface AuthConfig {
  secretId?: string;
  tokens: readonly string[];
  cacheSeconds: number;
}

/** The whole, validated configuration; frozen. */
export interface BridgeConfig {
  specVersion: SpecVersion;
  maxBodyBytes: number;
  deliveryTimeoutMs: number;
  cluster: string;
  defaultEnvironment?: string;
  auth: AuthConfig;
  sinks: { http?: HttpSinkConfig; eventBridge?: EventBridgeSinkConfig };
  /** Where what a request could not deliver in `deliveryTimeoutMs` waits for redelivery. */
  outbox: OutboxConfig;
  flux: { profile: 'semantic' | 'rfc'; mappingFile?: string };
  argocd: {
    stateTable?: string;
    /** `ARGOCD_MAX_EVENT_AGE_SECONDS` (or its deprecated alias): 0 = no age bound. */
    maxEventAgeSeconds: number;
    instance: string;
  };
  /** Commit-status targets from `BRIDGE_COMMIT_STATUS_FILE` (none when unset). */
  commitStatus: CommitStatusSettings;
  /** The deliveries history behind `GET /deliveries`. */
  deliveries: DeliveriesConfig;
  local: { host: string; port: number };
  /** `LOG_LEVEL` (default INFO); under `npm start` it also sets which request lines are printed. */
  logLevel: LogLevelName;
}

type Env = Readonly<Record<string, string | undefined>>;

// A control character cannot travel in an HTTP header, where every token is compared.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The inbound credentials; token values are never put in a message. */
function readAuth(read: Reader): AuthConfig {
  const tokens = (read('BRIDGE_TOKENS') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const secretId = readSecretId(read, 'BRIDGE_TOKEN_SECRET_ID');
  if (!secretId && tokens.length === 0) {
    throw new ConfigError('no inbound credentials: set BRIDGE_TOKEN_SECRET_ID (a Secrets Manager secret) or BRIDGE_TOKENS');
  }
  if (tokens.some((t) => t.length < 8)) throw new ConfigError('BRIDGE_TOKENS: every token must be at least 8 characters');
  if (tokens.some((t) => CONTROL_CHARACTER.test(t))) throw new ConfigError('BRIDGE_TOKENS: tokens must not contain control characters');
  return { secretId, tokens, cacheSeconds: readInteger(read, 'BRIDGE_SECRET_CACHE_SECONDS', 300, 0, 86_400) };
}

/**
 * Reads and validates the configuration once. The only reader of `process.env` in `lib/`. Every
 * variable is checked whether or not what it tunes is in use (a sink mode without a sink, a log
 * level), so a typo stops the start instead of waiting for the day the setting matters.
 * @throws ConfigError naming the variable at fault and what it accepts (never a secret value).
 */
export function loadConfig(env: Env = process.env): BridgeConfig {
  const read = createReader(env);
  const maxEventAge = readMaxEventAgeSeconds(read);
  const config: BridgeConfig = {
    specVersion: readOneOf(read, 'CDEVENTS_SPEC_VERSION', SPEC_VERSIONS),
    maxBodyBytes: readInteger(read, 'BRIDGE_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 6 * 1024 * 1024),
    deliveryTimeoutMs: readInteger(read, 'BRIDGE_DELIVERY_TIMEOUT_MS', 2_000, 100, 25_000),
    cluster: readText(read, 'BRIDGE_CLUSTER') ?? 'default',
    defaultEnvironment: readText(read, 'BRIDGE_DEFAULT_ENVIRONMENT'),
    auth: readAuth(read),
    sinks: { http: readHttpSink(read), eventBridge: readEventBridgeSink(read) },
    outbox: readOutboxSettings(read),
    flux: {
      profile: readOneOf(read, 'FLUX_MAPPING_PROFILE', ['semantic', 'rfc'] as const),
      mappingFile: readText(read, 'BRIDGE_MAPPING_FILE', 4096),
    },
    argocd: {
      stateTable: readTableName(read, 'ARGOCD_STATE_TABLE'),
      maxEventAgeSeconds: maxEventAge,
      instance: readText(read, 'ARGOCD_INSTANCE') ?? 'argocd',
    },
    commitStatus: readCommitStatusSettings(read),
    deliveries: readDeliveriesSettings(read),
    local: { host: readText(read, 'HOST', 253) ?? '127.0.0.1', port: readInteger(read, 'PORT', 3000, 0, 65_535) },
    logLevel: readLogSettings(read).logLevel,
  };
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
