import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config/config-error.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping, parseMappingOverrides } from '../../lib/flux/mapping-overrides.js';
import { expectValidDrafts, syntheticEvent } from '../helpers/flux-fixtures.js';

const OPTIONS = { cluster: 'prod-eu' };

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseMappingOverrides', () => {
  it('reads Key: value lines with comments, quotes and blank lines', () => {
    const rules = parseMappingOverrides([
      '# Flux → CDEvents overrides',
      '',
      'ReconciliationFinished: dev.cdevents.pipelinerun.finished',
      'HelmRelease/UpgradeSucceeded: service.upgraded   # short name',
      '"Kustomization/Progressing": \'ignore\'',
      'NewArtifact: dev.cdevents.artifact.published.0.2.0',
    ].join('\n'), 'mapping.yaml');
    expect(rules.map(({ kind, reason, to }) => ({ kind, reason, to }))).toEqual([
      { kind: undefined, reason: 'ReconciliationFinished', to: 'pipelinerun.finished' },
      { kind: 'HelmRelease', reason: 'UpgradeSucceeded', to: 'service.upgraded' },
      { kind: 'Kustomization', reason: 'Progressing', to: 'ignore' },
      { kind: undefined, reason: 'NewArtifact', to: 'artifact.published' },
    ]);
    expect(rules[0]!.origin).toBe('mapping.yaml');
  });

  it('reads a JSON object', () => {
    const rules = parseMappingOverrides('{"GitOperationFailed": "dev.cdevents.incident.detected.0.3.0", "HelmRelease/TestFailed": "IGNORE"}', 'mapping.json');
    expect(rules.map(({ kind, reason, to }) => ({ kind, reason, to }))).toEqual([
      { reason: 'GitOperationFailed', to: 'incident.detected' },
      { kind: 'HelmRelease', reason: 'TestFailed', to: 'ignore' },
    ]);
  });

  it('rejects an unknown type, naming the rule and the file', () => {
    expect(configError(() => parseMappingOverrides('Foo: dev.cdevents.service.exploded', 'mapping.yaml')))
      .toMatch(/^rule 'Foo: dev\.cdevents\.service\.exploded' in mapping\.yaml \(line 1\): unknown CDEvent type/);
    expect(configError(() => parseMappingOverrides('Foo: dev.cdevents.service.deployed.9.9.9', 'mapping.yaml'))).toContain('unknown CDEvent type');
  });

  it.each([
    ['incident.reported', "'ticketURI'"],
    ['dev.cdevents.pipelinerun.started.0.3.0', "'uri'"],
    ['ticket.created', "'creator', 'uri'"],
    ['artifact.signed', "'signature'"],
    ['artifact.packaged', "'change'"],
    ['repository.created', "'uri'"],
    ['testoutput.published', "'outputType', 'format'"],
  ])('rejects %s: its required content cannot be derived', (type, fields) => {
    expect(configError(() => parseMappingOverrides(`GitOperationFailed: ${type}`, 'mapping.yaml')))
      .toBe(`rule 'GitOperationFailed: ${type}' in mapping.yaml (line 1): cannot derive required content ${fields}`);
  });

  it('rejects malformed lines, keys, JSON and duplicates', () => {
    expect(configError(() => parseMappingOverrides('# ok\njust text', 'm.yaml'))).toBe("line 2 in m.yaml: expected 'Reason: type' or 'Kind/Reason: type', got 'just text'");
    expect(configError(() => parseMappingOverrides('a/b/c: ignore', 'm.yaml'))).toContain("the key must be 'Reason' or 'Kind/Reason'");
    expect(configError(() => parseMappingOverrides('__proto__: ignore', 'm.yaml'))).toContain("rule '__proto__: ignore' in m.yaml");
    expect(configError(() => parseMappingOverrides('A: ignore\nA: service.deployed', 'm.yaml'))).toBe("line 2 in m.yaml: duplicate rule for 'A'");
    expect(configError(() => parseMappingOverrides('{"A": 1}', 'm.json'))).toContain("rule 'A' in m.json: the value must be a string");
    expect(configError(() => parseMappingOverrides('{"A": ', 'm.json'))).toMatch(/^m\.json is not valid JSON/);
  });

  it('accepts an empty file', () => {
    expect(parseMappingOverrides('# nothing yet\n\n', 'm.yaml')).toEqual([]);
  });
});

describe('loadFluxMapping with overrides', () => {
  const event = syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1', metadata: { revision: '6.6.1' } });

  it('rejects an unknown profile', () => {
    expect(configError(() => loadFluxMapping({ profile: 'fancy' }))).toBe("unknown Flux mapping profile 'fancy'; use one of semantic, rfc");
  });

  it('lets a reason override beat the profile', () => {
    const mapping = loadFluxMapping({ profile: 'semantic', overridesText: 'UpgradeSucceeded: pipelinerun.finished', origin: 'mapping.yaml' });
    const result = mapFluxEvent(event, mapping, OPTIONS);
    expect(result.rule).toBe('mapping.yaml: UpgradeSucceeded → pipelinerun.finished');
    expect(result.drafts[0]!.content).toEqual({ pipelineName: 'HelmRelease/podinfo', outcome: 'success' });
    expectValidDrafts(result.drafts);
  });

  it('lets a kind+reason override beat a reason override, wherever it is written', () => {
    const text = 'UpgradeSucceeded: pipelinerun.finished\nHelmRelease/UpgradeSucceeded: dev.cdevents.taskrun.finished.0.2.0\nKustomization/UpgradeSucceeded: ignore';
    const mapping = loadFluxMapping({ profile: 'semantic', overridesText: text, origin: 'mapping.yaml' });
    expect(mapFluxEvent(event, mapping, OPTIONS).drafts.map((draft) => draft.kind)).toEqual(['taskrun.finished']);
  });

  it('can silence a profile rule with ignore', () => {
    const mapping = loadFluxMapping({ profile: 'semantic', overridesText: 'HelmRelease/UpgradeSucceeded: ignore', origin: 'mapping.yaml' });
    expect(mapFluxEvent(event, mapping, OPTIONS)).toEqual({
      drafts: [], rule: 'mapping.yaml: HelmRelease/UpgradeSucceeded → ignore', ignored: 'mapping.yaml: HelmRelease/UpgradeSucceeded → ignore: User override in mapping.yaml.',
    });
  });

  it('maps NewArtifact to artifact.published when asked, with the source purl as subject', () => {
    const mapping = loadFluxMapping({ profile: 'semantic', overridesText: 'NewArtifact: artifact.published', origin: 'mapping.yaml' });
    const source = syntheticEvent({ kind: 'GitRepository', reason: 'NewArtifact', metadata: { revision: 'main@sha1:07a684d59d1bc9a58e0c0d07ed480812b2b9a29e', repository: 'https://github.com/stefanprodan/podinfo' } });
    const [draft] = mapFluxEvent(source, mapping, OPTIONS).drafts;
    expect(draft).toMatchObject({ kind: 'artifact.published', subjectId: 'pkg:github/stefanprodan/podinfo@07a684d59d1bc9a58e0c0d07ed480812b2b9a29e', content: {} });
    expectValidDrafts([draft!]);
  });

  it('adds rules to the rfc profile, which has no catch-all', () => {
    const mapping = loadFluxMapping({ profile: 'rfc', overridesText: '{"GitOperationFailed": "incident.detected"}', origin: 'mapping.json' });
    const failure = syntheticEvent({ kind: 'GitRepository', reason: 'GitOperationFailed', severity: 'error' });
    expect(mapFluxEvent(failure, mapping, OPTIONS).drafts.map((draft) => draft.kind)).toEqual(['incident.detected']);
  });

  it('defaults the origin in messages', () => {
    expect(configError(() => loadFluxMapping({ profile: 'semantic', overridesText: 'X: nope' }))).toContain("rule 'X: nope' in mapping file");
  });
});
