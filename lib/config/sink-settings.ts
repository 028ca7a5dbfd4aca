import type { CloudEventMode } from '../cloudevents/cloudevent-message.js';
import { readSecretId } from './aws-names.js';
import { ConfigError } from './config-error.js';
import { parseEventBusReference } from './event-bus-reference.js';
import { readInteger, readOneOf, readText, type Reader } from './setting-readers.js';

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

// The token goes into `Authorization: Bearer …`: visible ASCII only, as a header value must be
// (RFC 9110 §5.5); anything else fails every delivery later, so it is refused now.
const HEADER_TOKEN = /^[\x21-\x7e]+$/;

function readSinkUrl(read: Reader): string | undefined {
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
  return parsed.toString();
}

/**
 * The HTTP broker, or `undefined` without `CDEVENTS_SINK_URL`. Its other variables are checked
 * either way, so a typo is reported before the URL is added, not after.
 * @throws ConfigError naming the variable (never the token's value).
 */
export function readHttpSink(read: Reader): HttpSinkConfig | undefined {
  const mode = readOneOf(read, 'CDEVENTS_SINK_MODE', ['binary', 'structured'] as const);
  const tokenSecretId = readSecretId(read, 'CDEVENTS_SINK_TOKEN_SECRET_ID');
  const token = read('CDEVENTS_SINK_TOKEN');
  if (token !== undefined && !HEADER_TOKEN.test(token)) {
    throw new ConfigError('CDEVENTS_SINK_TOKEN must be visible ASCII with no spaces (it is sent as a bearer token)');
  }
  const url = readSinkUrl(read);
  return url ? { url, mode, tokenSecretId, token } : undefined;
}

/**
 * The EventBridge bus, or `undefined` without `CDEVENTS_EVENT_BUS`; the source and entry size are
 * checked either way.
 * @throws ConfigError naming the variable.
 */
export function readEventBridgeSink(read: Reader): EventBridgeSinkConfig | undefined {
  const source = readText(read, 'CDEVENTS_EVENTBRIDGE_SOURCE') ?? 'dev.cdevents.bridge';
  if (source.startsWith('aws.')) throw new ConfigError('CDEVENTS_EVENTBRIDGE_SOURCE must not start with "aws."');
  const maxEntryBytes = readInteger(read, 'CDEVENTS_EVENTBRIDGE_MAX_ENTRY_BYTES', 256 * 1024, 1024, 1024 * 1024);
  const bus = read('CDEVENTS_EVENT_BUS');
  if (!bus) return undefined;
  return { busName: parseEventBusReference(bus, 'CDEVENTS_EVENT_BUS'), source, maxEntryBytes };
}
