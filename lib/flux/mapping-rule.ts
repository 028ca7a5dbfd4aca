import type { CDEventKind } from '../cdevents/types.js';
import type { FluxEvent, FluxSeverity } from './flux-event.js';

/** Matches any reason (or, as the only part of a rule, any event). */
export const ANY_REASON = '*';

/** What a rule emits: one CDEvent kind, several, or nothing. */
export type MappingTarget = CDEventKind | readonly CDEventKind[] | 'ignore';

/** The built-in mapping profiles. */
export type MappingProfileName = 'semantic' | 'rfc';

/**
 * One row of a mapping table: which Flux events it matches and what it emits.
 * Precedence is by specificity, not by position: kind+reason, then reason, then kind with
 * any reason, then any event. Within one level the first matching rule wins.
 */
export interface MappingRule {
  /** `involvedObject.kind`, or a list of kinds; absent = any kind. */
  kind?: string | readonly string[];
  /** The event reason, a list of reasons, or {@link ANY_REASON}. */
  reason: string | readonly string[];
  /** Only events of this severity. */
  severity?: FluxSeverity;
  /** Only events whose message matches. */
  message?: RegExp;
  /** Human text for {@link message}, shown in the mapping table. */
  condition?: string;
  to: MappingTarget;
  /** Why a Flux user wants this mapping; rendered in the README. */
  why: string;
  /** Where the rule was defined, e.g. `semantic profile` or the mapping file name. */
  origin?: string;
}

/** A validated mapping: a profile's rules plus user overrides, which take precedence. */
export interface FluxMapping {
  readonly profile: MappingProfileName;
  readonly rules: readonly MappingRule[];
  readonly overrides: readonly MappingRule[];
}

function list(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

/** `list(value).includes(item)` without the one-element array (rules are matched per event). */
function includes(value: string | readonly string[], item: string): boolean {
  return typeof value === 'string' ? value === item : value.includes(item);
}

/** The CDEvent kinds a target emits; empty for `ignore`. */
export function targetKinds(to: MappingTarget): readonly CDEventKind[] {
  if (to === 'ignore') return [];
  return typeof to === 'string' ? [to as CDEventKind] : to;
}

/** Precedence level of a rule: 0 kind+reason, 1 reason, 2 kind, 3 any event. */
export function ruleSpecificity(rule: MappingRule): number {
  const exactReason = !list(rule.reason).includes(ANY_REASON);
  if (exactReason) return rule.kind ? 0 : 1;
  return rule.kind ? 2 : 3;
}

/** True when the rule applies to the event. */
export function ruleMatches(rule: MappingRule, event: FluxEvent): boolean {
  if (!includes(rule.reason, ANY_REASON) && !includes(rule.reason, event.reason)) return false;
  if (rule.kind && !includes(rule.kind, event.involvedObject.kind)) return false;
  if (rule.severity && rule.severity !== event.severity) return false;
  return !rule.message || rule.message.test(event.message);
}

/** A list as text: the item, or `{a, b}` for several. */
function braced(items: readonly string[]): string {
  return items.length === 1 ? `${items[0]}` : `{${items.join(', ')}}`;
}

/** The Flux side of a rule as text, e.g. `HelmRelease/UpgradeSucceeded` or `any kind/any reason (severity error)`. */
export function describeRuleEvent(rule: MappingRule): string {
  const reasons = list(rule.reason).includes(ANY_REASON) ? 'any reason' : braced(list(rule.reason));
  const base = rule.kind ? `${braced(list(rule.kind))}/${reasons}` : reasons === 'any reason' ? 'any kind/any reason' : reasons;
  const conditions = [rule.severity ? `severity ${rule.severity}` : '', rule.condition ?? ''].filter(Boolean);
  return conditions.length > 0 ? `${base} (${conditions.join('; ')})` : base;
}

/** The CDEvent side of a rule as text, e.g. `testcaserun.finished + incident.detected` or `ignore`. */
export function describeTarget(to: MappingTarget): string {
  return to === 'ignore' ? 'ignore' : targetKinds(to).join(' + ');
}

/** Labels already written: a rule is fixed once loaded, and its label is needed for every event it decides. */
const LABELS = new WeakMap<MappingRule, string>();

/** A one-line label of a rule for logs, e.g. `semantic profile: HelmRelease/UpgradeSucceeded → service.upgraded`. */
export function ruleLabel(rule: MappingRule): string {
  let label = LABELS.get(rule);
  if (label === undefined) {
    label = `${rule.origin ?? 'mapping'}: ${describeRuleEvent(rule)} → ${describeTarget(rule.to)}`;
    LABELS.set(rule, label);
  }
  return label;
}
