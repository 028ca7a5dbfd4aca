import { LOCAL_DEFAULTS, type BridgeConfig } from '../config/load-config.js';

/** A Flux event a newcomer can paste to see a CDEvent come out (a HelmRelease upgrade). */
export const SAMPLE_FLUX_EVENT = {
  involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo', uid: '5e3c6f0a-8d2b-4c1e-9f7a-1b2c3d4e5f60', apiVersion: 'helm.toolkit.fluxcd.io/v2' },
  severity: 'info',
  timestamp: '2026-11-21T09:00:00Z',
  message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1',
  reason: 'UpgradeSucceeded',
  metadata: { revision: '6.6.1', 'app-version': '6.6.1', env: 'production' },
  reportingController: 'helm-controller',
};

function describeSinks(config: BridgeConfig): string[] {
  const lines: string[] = [];
  if (config.sinks.http) lines.push(`CloudEvents HTTP (${config.sinks.http.mode}) → ${config.sinks.http.url}`);
  if (config.sinks.eventBridge) lines.push(`EventBridge bus ${config.sinks.eventBridge.busName} (source ${config.sinks.eventBridge.source})`);
  if (lines.length === 0) lines.push('standard output (one CloudEvent JSON line per CDEvent; set CDEVENTS_SINK_URL or CDEVENTS_EVENT_BUS to deliver)');
  return lines;
}

/** The text printed at start: where it listens, the sinks, and a ready-to-paste curl example. */
export function startupBanner(config: BridgeConfig, baseUrl: string): string {
  const localToken = LOCAL_DEFAULTS.BRIDGE_TOKENS ?? '';
  const token = localToken && config.auth.tokens.includes(localToken) ? localToken : '<your token>';
  return [
    `cdevents-bridge listening on ${baseUrl}`,
    `  POST ${baseUrl}/flux     Flux notification-controller (generic / generic-hmac)`,
    `  POST ${baseUrl}/argocd   Argo CD notifications webhook`,
    `  GET  ${baseUrl}/healthz`,
    `CDEvents spec ${config.specVersion}; sinks:`,
    ...describeSinks(config).map((line) => `  - ${line}`),
    '',
    'Try it:',
    `curl -sS -X POST ${baseUrl}/flux \\`,
    `  -H 'Authorization: Bearer ${token}' -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify(SAMPLE_FLUX_EVENT)}'`,
    '',
  ].join('\n');
}
