import { loadConfig, type BridgeConfig } from '../config/load-config.js';
import type { CliFlags } from './parse-cli-args.js';

/**
 * The variables that shape what the bridge emits for a body. Everything else (credentials,
 * sinks, AWS, the state table) is left out, so a dry run never needs a token and never builds a
 * client, even when the shell exports the deployed bridge's settings.
 */
export const MAPPING_VARIABLES = [
  'CDEVENTS_SPEC_VERSION', 'FLUX_MAPPING_PROFILE', 'BRIDGE_MAPPING_FILE', 'BRIDGE_CLUSTER',
  'BRIDGE_DEFAULT_ENVIRONMENT', 'BRIDGE_MAX_BODY_BYTES', 'ARGOCD_INSTANCE', 'ARGOCD_MAX_EVENT_AGE_SECONDS',
  'ARGOCD_REPLAY_WINDOW_SECONDS',
] as const;

/**
 * `loadConfig` insists on inbound credentials, which a dry run has no use for. A placeholder
 * satisfies that check, so every mapping setting goes through the bridge's own readers (same
 * defaults, same limits, same messages). It authenticates nothing: no request is ever received.
 */
const PLACEHOLDER_TOKEN = 'cli-dry-run-no-requests';

/**
 * The bridge configuration a dry run maps with: the mapping variables of `env`, overridden by the
 * flags (`--spec`, `--profile`, `--mapping`).
 * @throws ConfigError naming the variable whose value is invalid.
 */
export function loadCliConfig(env: Readonly<Record<string, string | undefined>>, flags: CliFlags): BridgeConfig {
  const picked: Record<string, string | undefined> = {};
  for (const name of MAPPING_VARIABLES) picked[name] = env[name];
  if (flags.spec !== undefined) picked.CDEVENTS_SPEC_VERSION = flags.spec;
  if (flags.profile !== undefined) picked.FLUX_MAPPING_PROFILE = flags.profile;
  if (flags.mapping !== undefined) picked.BRIDGE_MAPPING_FILE = flags.mapping;
  return loadConfig({ ...picked, BRIDGE_TOKENS: PLACEHOLDER_TOKEN });
}
