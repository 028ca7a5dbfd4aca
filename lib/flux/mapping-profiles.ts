import { describeRuleEvent, describeTarget, type MappingProfileName, type MappingRule } from './mapping-rule.js';
import { RFC_RULES } from './rfc-profile.js';
import { SEMANTIC_RULES } from './semantic-profile.js';

/** A named, documented set of mapping rules. */
export interface MappingProfile {
  readonly name: MappingProfileName;
  readonly title: string;
  readonly rules: readonly MappingRule[];
}

function profile(name: MappingProfileName, title: string, rules: readonly MappingRule[]): MappingProfile {
  const origin = `${name} profile`;
  return Object.freeze({ name, title, rules: Object.freeze(rules.map((rule) => Object.freeze({ ...rule, origin }))) });
}

/**
 * The built-in profiles, as data. `semantic` (default) maps what each Flux event means;
 * `rfc` is the table drafted in the Flux CDEvents provider RFC.
 */
export const MAPPING_PROFILES: Readonly<Record<MappingProfileName, MappingProfile>> = Object.freeze({
  semantic: profile('semantic', 'Semantic mapping (default)', SEMANTIC_RULES),
  rfc: profile('rfc', 'Flux CDEvents provider RFC draft (flux2 PR #4828)', RFC_RULES),
});

/** The profile names accepted by configuration, default first. */
export const MAPPING_PROFILE_NAMES: readonly MappingProfileName[] = ['semantic', 'rfc'];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * Renders a profile as a markdown table for the README: `| Flux event | CDEvent | why |`.
 * Rows keep the profile's order; precedence is by specificity (see {@link MappingRule}).
 */
export function renderMappingTable(name: MappingProfileName): string {
  const rows = MAPPING_PROFILES[name].rules.map(
    (rule) => `| ${cell(describeRuleEvent(rule))} | ${cell(describeTarget(rule.to))} | ${cell(rule.why)} |`,
  );
  return ['| Flux event | CDEvent | why |', '| --- | --- | --- |', ...rows].join('\n');
}
