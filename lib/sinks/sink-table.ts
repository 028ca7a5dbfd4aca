import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazyClient, type SdkSender } from '../aws/lazy-client.js';
import { eventBridgePackage } from '../aws/sdk-packages.js';
import { CachedSecret } from '../auth/cached-secret.js';
import { parseTokenSecret } from '../auth/parse-token-secret.js';
import type { CDEvent } from '../cdevents/types.js';
import type { BridgeConfig, HttpSinkConfig } from '../config/load-config.js';
import { EventBridgeSink } from './eventbridge-sink.js';
import { HttpSink } from './http-sink.js';
import type { PostFunction } from './keep-alive-fetch.js';
import type { Sink } from './sink.js';
import { StdoutSink } from './stdout-sink.js';
import { createCommitStatusSinks, type CommitStatusSinkDependencies } from '../commit-status/sink/create-commit-status-sinks.js';
import type { StatusWrite } from '../commit-status/plan/status-write.js';

/** A sink with how to name each of its items (the outbox key and the idempotency key). */
export interface SinkEntry<Item = unknown> {
  sink: Sink<Item>;
  idOf: (item: Item) => string;
  /** What the sink takes: the request's CDEvents, or writes planned from them (commit statuses). */
  takes: 'cdevents' | 'planned';
}

/** Every sink of a configuration by name: the webhooks deliver through it, the redrive looks messages' sinks up in it. */
export type SinkTable = ReadonlyMap<string, SinkEntry>;

/** What sink factories share, built once per container. */
export interface SinkDependencies {
  secretsManager: () => SdkSender<SecretsManagerClient>;
  /** The HTTP client of the broker sink (a keep-alive one in the runtime). @default globalThis.fetch */
  fetch?: PostFunction;
  /** The commit-status sinks' ledger, logger, metrics and result callback. */
  commitStatus?: Pick<CommitStatusSinkDependencies, 'ledger' | 'logger' | 'metrics' | 'onResult'>;
}

/** Bounded SDK timeouts so a slow AWS endpoint cannot eat the whole delivery budget. */
const SDK_OPTIONS = { maxAttempts: 1, requestHandler: { connectionTimeout: 1_000, requestTimeout: 3_000 } } as const;

const cdeventId = (event: CDEvent): string => event.context.id;

function cdeventSink(sink: Sink<CDEvent>): SinkEntry {
  return { sink, idOf: cdeventId, takes: 'cdevents' } as SinkEntry;
}

/** A commit-status write is named by its event and context: one event may set several contexts. */
const statusWriteId = (write: StatusWrite): string => `${write.eventId}/${write.context}`;

function plannedSink(sink: Sink<StatusWrite>): SinkEntry {
  return { sink, idOf: statusWriteId, takes: 'planned' } as SinkEntry;
}

function outboundToken(http: HttpSinkConfig, cacheSeconds: number, deps: SinkDependencies): Pick<ConstructorParameters<typeof HttpSink>[0], 'token' | 'refreshToken'> {
  if (http.tokenSecretId) {
    const secret = new CachedSecret(deps.secretsManager(), http.tokenSecretId, cacheSeconds * 1000);
    const first = async (force: boolean) => parseTokenSecret((await secret.get(force)).current)[0];
    return { token: () => first(false), refreshToken: () => first(true) };
  }
  const token = http.token;
  return token ? { token: async () => token } : {};
}

/**
 * The sink factories, one line each: a factory returns the sinks its part of the configuration
 * asks for (none when unset). Adding a sink is a file with its class and a line here.
 */
const SINK_FACTORIES: readonly ((config: BridgeConfig, deps: SinkDependencies) => SinkEntry[])[] = [
  ({ sinks: { http }, auth }, deps) => (http ? [cdeventSink(new HttpSink({ url: http.url, mode: http.mode, fetch: deps.fetch, ...outboundToken(http, auth.cacheSeconds, deps) }))] : []),
  ({ sinks: { eventBridge: bus } }) => (bus ? [cdeventSink(new EventBridgeSink({ client: lazyClient(async () => new (await eventBridgePackage()).EventBridgeClient(SDK_OPTIONS)), eventBusName: bus.busName, source: bus.source, maxEntryBytes: bus.maxEntryBytes }))] : []),
  ({ commitStatus: { targets }, auth }, deps) => (targets.length === 0 ? [] : createCommitStatusSinks(targets, {
    secrets: targets.some((t) => t.secretId) ? deps.secretsManager() : undefined, secretCacheSeconds: auth.cacheSeconds, ...deps.commitStatus,
  }).map(plannedSink)),
];

/** The sinks in use by name; standard output when no CloudEvents sink is configured. */
export function createSinkTable(config: BridgeConfig, deps: SinkDependencies): SinkTable {
  const entries = SINK_FACTORIES.flatMap((factory) => factory(config, deps));
  if (!entries.some((entry) => entry.takes === 'cdevents')) entries.push(cdeventSink(new StdoutSink()));
  return new Map(entries.map((entry) => [entry.sink.name, entry]));
}
