import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ConfigError } from '../config/config-error.js';
import type { BridgeConfig } from '../config/load-config.js';
import { loadFluxMapping, type FluxMapping } from '../flux/mapping-overrides.js';
import { mapFluxEvent } from '../flux/map-flux-event.js';
import { parseFluxEvent } from '../flux/parse-flux-event.js';
import { createWebhookHandler } from './create-webhook-handler.js';
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
    throw new ConfigError(`BRIDGE_MAPPING_FILE cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'} ${file}`);
  }
  return loadFluxMapping({ profile: config.flux.profile, overridesText: text, origin: basename(file) });
}

/** The Flux route: bearer token and/or generic-hmac signature, Flux event → CDEvents. */
export function createFluxWebhook(runtime: WebhookRuntime) {
  const { config } = runtime;
  const mapping = loadConfiguredFluxMapping(config);
  const options = { cluster: config.cluster, defaultEnvironment: config.defaultEnvironment };
  return createWebhookHandler(runtime, {
    name: 'flux',
    auth: { hmac: true, basic: false },
    process: async (body, logger) => {
      const parsed = parseFluxEvent(body);
      if (parsed.metadataClashes.length > 0) {
        logger.warn('metadata key clash: controller keys win over annotation keys', { keys: parsed.metadataClashes });
      }
      const result = mapFluxEvent(parsed.event, mapping, options);
      logger.appendKeys({ flux: { kind: parsed.event.involvedObject.kind, reason: parsed.event.reason, rule: result.rule } });
      return { drafts: result.drafts, ignored: result.ignored };
    },
  });
}
