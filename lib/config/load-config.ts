import { SPEC_VERSIONS, type SpecVersion } from '../cdevents/types.js';
import type { CloudEventMode } from '../cloudevents/cloudevent-message.js';
import { ConfigError } from './config-error.js';
import { parseEventBusReference } from './event-bus-reference.js';

/** Where inbound credentials come from: a Secrets Manager secret, or tokens given directly (local runs). */
export interface AuthConfig {
  secretId?: string;
  tokens: readonly string[];
  cacheSeconds: number;
}

/** A CloudEvents HTTP broker. */
export interface HttpSinkConfig {
  url: string;
  mode: CloudEventMode;
  tokenSecretId?: string;
  token?: string;
}

/** An Amazon EventBridge bus. */
export interface EventBridgeSinkConfig {
  /** The bus as a name or an ARN (PutEvents takes either). */
  busName: string;
  source: string;
  maxEntryBytes: number;
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
  flux: { profile: 'semantic' | 'rfc'; mappingFile?: string };
  argocd: { stateTable?: string; replayWindowSeconds: number; instance: string };
  local: { host: string; port: number };
}

type Env = Readonly<Record<string, string | undefined>>;

/** Defaults for `npm start`: a bridge that runs on one machine with no AWS account. */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  BRIDGE_TOKENS: 'local-dev-token',
  LOG_LEVEL: 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/**
 * Fills unset variables of the process environment with {@link LOCAL_DEFAULTS}.
 * Called once by the local server before the handlers load.
 */
export function applyLocalDefaults(): void {
  for (const [key, value] of Object.entries(LOCAL_DEFAULTS)) {
    if (process.env[key] === undefined || process.env[key] === '') process.env[key] = value;
  }
}

/**
 * Reads and validates the configuration once. The only reader of `process.env` in `lib/`.
 * @throws ConfigError naming the variable at fault (never its secret value).
 */
export function loadConfig(env: Env = process.env): BridgeConfig {
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === '' ? undefined : value;
  };
  const tokens = (read('BRIDGE_TOKENS') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const secretId = read('BRIDGE_TOKEN_SECRET_ID');
  if (!secretId && tokens.length === 0) {
    throw new ConfigError('no inbound credentials: set BRIDGE_TOKEN_SECRET_ID (a Secrets Manager secret) or BRIDGE_TOKENS');
  }
  if (tokens.some((t) => t.length < 8)) throw new ConfigError('BRIDGE_TOKENS: every token must be at least 8 characters');
  const config: BridgeConfig = {
    specVersion: oneOf(read, 'CDEVENTS_SPEC_VERSION', SPEC_VERSIONS),
    maxBodyBytes: integer(read, 'BRIDGE_MAX_BODY_BYTES', 4 * 1024 * 1024, 1024, 6 * 1024 * 1024),
    deliveryTimeoutMs: integer(read, 'BRIDGE_DELIVERY_TIMEOUT_MS', 10_000, 100, 25_000),
    cluster: read('BRIDGE_CLUSTER') ?? 'default',
    defaultEnvironment: read('BRIDGE_DEFAULT_ENVIRONMENT'),
    auth: { secretId, tokens, cacheSeconds: integer(read, 'BRIDGE_SECRET_CACHE_SECONDS', 300, 0, 86_400) },
    sinks: { http: httpSink(read), eventBridge: eventBridgeSink(read) },
    flux: { profile: oneOf(read, 'FLUX_MAPPING_PROFILE', ['semantic', 'rfc'] as const), mappingFile: read('BRIDGE_MAPPING_FILE') },
    argocd: {
      stateTable: read('ARGOCD_STATE_TABLE'),
      replayWindowSeconds: integer(read, 'ARGOCD_REPLAY_WINDOW_SECONDS', 900, 0, 30 * 86_400),
      instance: read('ARGOCD_INSTANCE') ?? 'argocd',
    },
    local: { host: read('HOST') ?? '127.0.0.1', port: integer(read, 'PORT', 3000, 0, 65_535) },
  };
  return deepFreeze(config);
}

type Reader = (name: string) => string | undefined;

function httpSink(read: Reader): HttpSinkConfig | undefined {
  const url = read('CDEVENTS_SINK_URL');
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('CDEVENTS_SINK_URL is not a valid URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError('CDEVENTS_SINK_URL must use http or https');
  }
  return {
    url: parsed.toString(),
    mode: oneOf(read, 'CDEVENTS_SINK_MODE', ['binary', 'structured'] as const),
    tokenSecretId: read('CDEVENTS_SINK_TOKEN_SECRET_ID'),
    token: read('CDEVENTS_SINK_TOKEN'),
  };
}

function eventBridgeSink(read: Reader): EventBridgeSinkConfig | undefined {
  const bus = read('CDEVENTS_EVENT_BUS');
  if (!bus) return undefined;
  const busName = parseEventBusReference(bus, 'CDEVENTS_EVENT_BUS');
  const source = read('CDEVENTS_EVENTBRIDGE_SOURCE') ?? 'dev.cdevents.bridge';
  if (source.startsWith('aws.')) throw new ConfigError('CDEVENTS_EVENTBRIDGE_SOURCE must not start with "aws."');
  return {
    busName,
    source,
    maxEntryBytes: integer(read, 'CDEVENTS_EVENTBRIDGE_MAX_ENTRY_BYTES', 256 * 1024, 1024, 1024 * 1024),
  };
}

function oneOf<T extends string>(read: Reader, name: string, allowed: readonly T[]): T {
  const value = read(name);
  if (value === undefined) return allowed[0] as T;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got '${value}')`);
  }
  return value as T;
}

function integer(read: Reader, name: string, fallback: number, min: number, max: number): number {
  const value = read(name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max} (got '${value}')`);
  }
  return parsed;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
