import { basename } from 'node:path';
import { loadFluxMapping } from '../flux/mapping-overrides.js';
import { describeRuleEvent, describeTarget } from '../flux/mapping-rule.js';

/**
 * Checks a mapping file's text with the loader the bridge runs at start (`loadFluxMapping`) and
 * lists its rules as a table (the Flux event, and the CDEvents it gives, or `ignore`).
 * @returns the report lines, the first one `FILE: N rules OK`.
 * @throws ConfigError naming the first invalid rule (file and line) or an unknown profile.
 */
export function validateMappingText(file: string, text: string, profile: string): string[] {
  const mapping = loadFluxMapping({ profile, overridesText: text, origin: basename(file) });
  const count = mapping.overrides.length;
  const lines = [`${file}: ${count} ${count === 1 ? 'rule' : 'rules'} OK (overriding the ${mapping.profile} profile)`];
  const rows = mapping.overrides.map((rule) => [describeRuleEvent(rule), describeTarget(rule.to)]);
  if (rows.length > 0) lines.push(...formatTable([['FLUX EVENT', 'EMITS'], ...rows]));
  return lines;
}

/** Left-aligned columns two spaces apart, as `kubectl get` prints them. */
function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => { widths[column] = Math.max(widths[column] ?? 0, cell.length); });
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}
