import { describe, expect, it } from 'vitest';
import { MAPPING_PROFILE_NAMES, MAPPING_PROFILES, renderMappingTable } from '../../lib/flux/mapping-profiles.js';
import { targetKinds } from '../../lib/flux/mapping-rule.js';
import { CONTENT_BUILDERS } from '../../lib/flux/content-builders.js';

describe('renderMappingTable', () => {
  it('renders one markdown row per rule with its why', () => {
    const table = renderMappingTable('semantic').split('\n');
    expect(table.slice(0, 2)).toEqual(['| Flux event | CDEvent | why |', '| --- | --- | --- |']);
    expect(table).toHaveLength(MAPPING_PROFILES.semantic.rules.length + 2);
    expect(table).toContain('| HelmRelease/UpgradeSucceeded | service.upgraded | An existing release moved to a new chart version or new values. |');
    expect(table.find((row) => row.startsWith('| HelmRelease/TestFailed'))).toContain('| testcaserun.finished + incident.detected |');
    expect(table.find((row) => row.startsWith('| Kustomization/Progressing (message lists'))).toContain('| environment.modified |');
    expect(table.at(-2)).toMatch(/^\| any kind\/any reason \(severity error\) \| incident\.detected \| Nothing broken is lost/);
  });

  it('renders the rfc profile with its provenance', () => {
    const table = renderMappingTable('rfc');
    expect(table).toContain('| InstallSucceeded | environment.modified | RFC draft (flux2 PR #4828): InstallSucceeded → Environment.Modified (also quoted in the issue). |');
    expect(table).toContain('| UpgradeSucceeded | taskrun.finished |');
  });

  it('keeps every cell on one line and escapes pipes', () => {
    for (const name of MAPPING_PROFILE_NAMES) {
      for (const row of renderMappingTable(name).split('\n')) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(5);
    }
  });
});

describe('profiles as data', () => {
  it.each(MAPPING_PROFILE_NAMES)('%s: every rule explains itself and targets a buildable kind', (name) => {
    for (const rule of MAPPING_PROFILES[name].rules) {
      expect(rule.why.length, JSON.stringify(rule.reason)).toBeGreaterThan(10);
      expect(rule.origin).toBe(`${name} profile`);
      for (const kind of targetKinds(rule.to)) expect(CONTENT_BUILDERS[kind], kind).toBeDefined();
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(MAPPING_PROFILES.semantic.rules)).toBe(true);
    expect(Object.isFrozen(MAPPING_PROFILES.semantic.rules[0])).toBe(true);
  });
});
