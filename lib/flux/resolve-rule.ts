import type { FluxEvent } from './flux-event.js';
import { ruleMatches, ruleSpecificity, type FluxMapping, type MappingRule } from './mapping-rule.js';

const LEVELS = [0, 1, 2, 3] as const;

/** Each rule list in the order it is searched: by specificity level, then as written. */
const SEARCH_ORDER = new WeakMap<readonly MappingRule[], readonly MappingRule[]>();

/**
 * `rules` sorted once by specificity (stable), so one pass finds what a search level by level
 * finds: the first matching rule of the most specific level. Loaded mappings never change.
 */
function searchOrder(rules: readonly MappingRule[]): readonly MappingRule[] {
  let ordered = SEARCH_ORDER.get(rules);
  if (!ordered) {
    ordered = LEVELS.flatMap((level) => rules.filter((rule) => ruleSpecificity(rule) === level));
    SEARCH_ORDER.set(rules, ordered);
  }
  return ordered;
}

function mostSpecific(rules: readonly MappingRule[], event: FluxEvent): MappingRule | undefined {
  for (const rule of searchOrder(rules)) if (ruleMatches(rule, event)) return rule;
  return undefined;
}

/**
 * The rule that decides an event: the most specific matching override, else the most specific
 * matching profile rule (kind+reason, then reason, then kind, then any event).
 * @returns `undefined` when no rule matches (the `rfc` profile has no catch-all).
 */
export function resolveRule(event: FluxEvent, mapping: FluxMapping): MappingRule | undefined {
  return mostSpecific(mapping.overrides, event) ?? mostSpecific(mapping.rules, event);
}
