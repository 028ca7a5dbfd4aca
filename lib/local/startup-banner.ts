import type { BridgeConfig } from '../config/load-config.js';
import { LOCAL_DEFAULTS } from './local-defaults.js';
import { SAMPLE_FLUX_EVENT, sampleArgoCdNotification } from './sample-notifications.js';

/** Re-exported for the tests that post the printed Flux sample. */
export { SAMPLE_FLUX_EVENT } from './sample-notifications.js';

function describeSinks(config: BridgeConfig): string[] {
  const lines: string[] = [];
  if (config.sinks.http) lines.push(`CloudEvents HTTP (${config.sinks.http.mode}) → ${config.sinks.http.url}`);
  if (config.sinks.eventBridge) lines.push(`EventBridge bus ${config.sinks.eventBridge.busName} (source ${config.sinks.eventBridge.source})`);
  if (lines.length === 0) lines.push('standard output (one CloudEvent JSON line per CDEvent; set CDEVENTS_SINK_URL or CDEVENTS_EVENT_BUS to deliver)');
  lines.push(describeOutbox(config));
  return lines;
}

/** Where undelivered events wait (BRIDGE_OUTBOX). */
function describeOutbox(config: BridgeConfig): string {
  const { mode, queueUrl, maxBackoffSeconds } = config.outbox;
  const budget = `after ${config.deliveryTimeoutMs} ms (BRIDGE_DELIVERY_TIMEOUT_MS)`;
  if (mode === 'off') return `no outbox (BRIDGE_OUTBOX=off): a sink still failing ${budget} gets the sender a 502`;
  const where = queueUrl && !new URL(queueUrl).hostname.endsWith('.localhost') ? `SQS queue ${queueUrl}` : 'an in-memory queue in this process (lost when it stops)';
  return `outbox: what a sink has not taken ${budget} waits in ${where}, redelivered at most ${maxBackoffSeconds} s apart`;
}

/** What shapes the emitted events: spec version, Flux mapping, Argo CD age bound. */
function describeMapping(config: BridgeConfig): string[] {
  const bound = config.argocd.maxEventAgeSeconds;
  return [
    `CDEvents spec ${config.specVersion} (CDEVENTS_SPEC_VERSION)`,
    `Flux mapping profile ${config.flux.profile} (FLUX_MAPPING_PROFILE)${config.flux.mappingFile ? `, overrides from ${config.flux.mappingFile} (BRIDGE_MAPPING_FILE)` : ', no mapping file (BRIDGE_MAPPING_FILE)'}`,
    bound === 0
      ? 'Argo CD: late notifications emit once, replays of what was emitted emit nothing; no age bound (ARGOCD_MAX_EVENT_AGE_SECONDS=0)'
      : `Argo CD age bound ${bound} s: events older than that which were not emitted yet emit nothing (ARGOCD_MAX_EVENT_AGE_SECONDS)`,
  ];
}

/** A ready-to-paste `curl` posting `body` as JSON with the bearer token. */
function curlExample(url: string, token: string, body: unknown): string[] {
  return [
    `curl -sS -X POST ${url} \\`,
    `  -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify(body)}'`,
  ];
}

/**
 * The text printed at start: where it listens, the sinks, what shapes the events, how requests
 * are reported, and ready-to-paste Flux and Argo CD examples. The local default token is shown
 * (it is public); a token of the user's own is never printed.
 */
export function startupBanner(config: BridgeConfig, baseUrl: string, now: Date = new Date()): string {
  const localToken = LOCAL_DEFAULTS.BRIDGE_TOKENS ?? '';
  const token = localToken && config.auth.tokens.includes(localToken) ? localToken : '<your token>';
  return [
    `cdevents-bridge listening on ${baseUrl}`,
    `  POST ${baseUrl}/flux     Flux notification-controller (generic / generic-hmac)`,
    `  POST ${baseUrl}/argocd   Argo CD notifications webhook`,
    `  GET  ${baseUrl}/deliveries  recent deliveries, page and JSON (in a browser: any user name, a token as password)`,
    `  GET  ${baseUrl}/healthz`,
    'Sinks:',
    ...describeSinks(config).map((line) => `  - ${line}`),
    'Mapping:',
    ...describeMapping(config).map((line) => `  - ${line}`),
    `One line per request below (LOG_LEVEL=${config.logLevel}; WARN shows failures only, SILENT nothing).`,
    '',
    'Try Flux:',
    ...curlExample(`${baseUrl}/flux`, token, SAMPLE_FLUX_EVENT),
    '',
    'Try Argo CD (a sync that succeeded just now; sent twice, it is ignored as a duplicate):',
    ...curlExample(`${baseUrl}/argocd`, token, sampleArgoCdNotification(now)),
    '',
  ].join('\n');
}
