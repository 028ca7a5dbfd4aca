import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { BridgeConfig } from '../config/load-config.js';
import { loadFluxMapping, type FluxMapping } from '../flux/mapping-overrides.js';
import { mapFluxEvent } from '../flux/map-flux-event.js';
import { parseFluxEvent } from '../flux/parse-flux-event.js';
import { fluxStatusSubject } from '../commit-status/plan/flux-status-subject.js';
import { createWebhookHandler } from './create-webhook-handler.js';
import { statusPlan } from './plan-status-jobs.js';
import type { WebhookRuntime } from './webhook-runtime.js';

/**
 * Loads the Flux mapping once: the configured profile plus the optional mapping file.
 * @throws ConfigError when the file cannot be read or holds an invalid rule.
 */
export function loadConfiguredFluxMapping(config: BridgeConfig): FluxMapping {
  const file = config.flux.mappingFile;
  if (!file) return loadFluxMapping({ profile: config.flux.profile });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `BRIDGE_MAPPING_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'} ${file}; set it to a readable mapping file (relative to the current folder) or unset it`,
    );
  }
  return loadFluxMapping({ profile: config.flux.profile, overridesText: text, origin: basename(file) });
}

/** Longest kind or reason added to every later log line of a request; a body may hold megabytes. */
const MAX_LOGGED_TEXT = 128;

function clipForLog(text: string): string {
  return text.length > MAX_LOGGED_TEXT ? `${text.slice(0, MAX_LOGGED_TEXT)}…` : text;
}

/** The Flux route: bearer token and/or generic-hmac signature, Flux event → CDEvents. */
export function createFluxWebhook(runtime: WebhookRuntime) {
  const { config } = runtime;
  const mapping = loadConfiguredFluxMapping(config);
  const options = { cluster: config.cluster, defaultEnvironment: config.defaultEnvironment };
  return createWebhookHandler(runtime, {
    name: 'flux',
    auth: { hmac: true, basic: false },
    process: (body, logger) => {
      const parsed = parseFluxEvent(body);
      if (parsed.metadataClashes.length > 0) {
        // Keys come from annotations and Alert metadata, i.e. the caller: the warning counts them,
        // and only the opt-in debug level names them.
        logger.warn('metadata key clash: controller keys win over annotation keys', { clashes: parsed.metadataClashes.length });
        logger.debug('metadata key clash', { keys: parsed.metadataClashes });
      }
      const result = mapFluxEvent(parsed.event, mapping, options);
      const { involvedObject, reason } = parsed.event;
      const object = [involvedObject.kind, involvedObject.namespace, involvedObject.name].filter(Boolean).join('/');
      return {
        drafts: result.drafts, ignored: result.ignored, object: clipForLog(object),
        logKeys: { flux: { kind: clipForLog(involvedObject.kind), reason: clipForLog(reason), rule: result.rule } },
        plan: statusPlan(runtime, parsed.event, fluxStatusSubject),
      };
    },
  });
}
