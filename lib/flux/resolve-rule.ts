import type { FluxEvent } from './flux-event.js';
import { ruleMatches, ruleSpecificity, type FluxMapping, type MappingRule } from './mapping-rule.js';

const LEVELS = [0, 1, 2, 3] as const;

function mostSpecific(rules: readonly MappingRule[], event: FluxEvent): MappingRule | undefined {
  for (const level of LEVELS) {
    const hit = rules.find((rule) => ruleSpecificity(rule) === level && ruleMatches(rule, event));
    if (hit) return hit;
  }
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
