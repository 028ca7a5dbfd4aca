import { renderMappingTable } from '../../lib/flux/mapping-profiles.js';
import type { MappingProfileName } from '../../lib/flux/mapping-rule.js';

const PROFILES: readonly MappingProfileName[] = ['semantic', 'rfc'];

/** The README text with each `<!-- mapping:<profile>:start/end -->` block filled from the mapping data. */
export function withMappingTables(readme: string): string {
  let text = readme;
  for (const profile of PROFILES) {
    const start = `<!-- mapping:${profile}:start -->`;
    const end = `<!-- mapping:${profile}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README lacks the ${start} … ${end} markers`);
    text = `${text.slice(0, from + start.length)}\n${renderMappingTable(profile)}\n${text.slice(to)}`;
  }
  return text;
}
