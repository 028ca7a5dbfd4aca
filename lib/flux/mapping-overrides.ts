import { parseEventKind } from '../cdevents/event-types.js';
import { ConfigError } from '../config/config-error.js';
import { CONTENT_BUILDERS } from './content-builders.js';
import { readMappingFileEntries, type MappingFileEntry } from './mapping-file-entries.js';
import { MAPPING_PROFILE_NAMES, MAPPING_PROFILES } from './mapping-profiles.js';
import { targetKinds, type FluxMapping, type MappingProfileName, type MappingRule, type MappingTarget } from './mapping-rule.js';
import { UNDERIVABLE_CONTENT } from './underivable-content.js';

export type { FluxMapping } from './mapping-rule.js';

/** `Reason` or `Kind/Reason`; reasons include the legacy `info`/`error`. */
const RULE_KEY = /^(?:([A-Za-z][A-Za-z0-9]*)\/)?([A-Za-z][A-Za-z0-9_.-]*)$/;

/** The problem of a target whose content a Flux event cannot supply, or `undefined` when all can be built. */
function underivable(to: MappingTarget): string | undefined {
  const kind = targetKinds(to).find((target) => !CONTENT_BUILDERS[target]);
  if (!kind) return undefined;
  const fields = UNDERIVABLE_CONTENT[kind] ?? ['content'];
  return `cannot derive required content ${fields.map((field) => `'${field}'`).join(', ')}`;
}

function toRule(entry: MappingFileEntry, origin: string): MappingRule {
  const fail = (problem: string) => new ConfigError(`rule '${entry.key}: ${entry.value}' in ${origin}${entry.line ? ` (line ${entry.line})` : ''}: ${problem}`);
  const key = RULE_KEY.exec(entry.key);
  const reason = key?.[2];
  if (!key || !reason) throw fail(`the key must be 'Reason' or 'Kind/Reason'`);
  const to: MappingTarget | undefined = entry.value.toLowerCase() === 'ignore' ? 'ignore' : parseEventKind(entry.value);
  if (!to) throw fail(`unknown CDEvent type (use e.g. 'service.deployed', 'dev.cdevents.service.deployed.0.3.0' or 'ignore')`);
  const problem = underivable(to);
  if (problem) throw fail(problem);
  return {
    ...(key[1] ? { kind: key[1] } : {}),
    reason,
    to,
    why: `User override in ${origin}.`,
    origin,
  };
}

/**
 * Parses a mapping file (`BRIDGE_MAPPING_FILE`) into override rules. Keys are `Reason` or
 * `Kind/Reason`; values a short kind (`pipelinerun.finished`), a full 0.4.1 or 0.5.1 type
 * (`dev.cdevents.pipelinerun.finished.0.3.0`) or `ignore`.
 * @example
 * # mapping.yaml
 * ReconciliationFinished: dev.cdevents.pipelinerun.finished
 * HelmRelease/UpgradeSucceeded: service.upgraded
 * Kustomization/Progressing: ignore
 * @throws ConfigError naming the rule and `origin` for a malformed key, an unknown type, or a type
 * whose required content a Flux event cannot supply (e.g. incident.reported needs `ticketURI`).
 */
export function parseMappingOverrides(text: string, origin: string): MappingRule[] {
  return readMappingFileEntries(text, origin).map((entry) => toRule(entry, origin));
}

/** Inputs of {@link loadFluxMapping}. */
export interface FluxMappingSettings {
  profile: string;
  /** Text of the mapping file, when one is configured. */
  overridesText?: string;
  /** Name of the mapping file for error messages and rule labels; default `mapping file`. */
  origin?: string;
}

/**
 * Validates the profile and the overrides once, at start.
 * @throws ConfigError for an unknown profile or an invalid override rule.
 */
export function loadFluxMapping(settings: FluxMappingSettings): FluxMapping {
  if (!(MAPPING_PROFILE_NAMES as readonly string[]).includes(settings.profile)) {
    throw new ConfigError(`unknown Flux mapping profile '${settings.profile}'; use one of ${MAPPING_PROFILE_NAMES.join(', ')}`);
  }
  const profile = MAPPING_PROFILES[settings.profile as MappingProfileName];
  const broken = profile.rules.find((rule) => underivable(rule.to));
  if (broken) throw new ConfigError(`the ${profile.name} profile maps ${broken.reason} to a kind that ${underivable(broken.to)}`);
  const overrides = settings.overridesText === undefined ? [] : parseMappingOverrides(settings.overridesText, settings.origin ?? 'mapping file');
  return Object.freeze({ profile: profile.name, rules: profile.rules, overrides: Object.freeze(overrides) });
}
