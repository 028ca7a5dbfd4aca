import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../lib/http/http-error.js';
import { mapFluxEvent, type FluxMappingResult } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { expectValidDrafts, fluxFixtureNames, loadFluxFixture } from '../helpers/flux-fixtures.js';

const OPTIONS = { cluster: 'prod-eu' };
const PARTIAL = /^rfc0008-.*-partial\.json$/;

function mapFixture(name: string, profile: 'semantic' | 'rfc'): FluxMappingResult {
  return mapFluxEvent(parseFluxEvent(loadFluxFixture(name)).event, loadFluxMapping({ profile }), OPTIONS);
}

/** What each real fixture must become under the semantic profile (undefined = ignored). */
const SEMANTIC: Record<string, string | undefined> = {
  'docs-kustomization-validation-failed-generic.json': 'incident.detected',
  'docs-kustomization-validation-failed-nc-inbound.json': 'incident.detected',
  'gitrepository-fetched-revision-legacy-v1beta1.json': undefined,
  'gitrepository-new-artifact-legacy-summary.raw.json': undefined,
  'helmrelease-upgrade-succeeded-legacy-revision-token.json': 'service.upgraded',
  'helmrelease-upgrade-succeeded-legacy-summary-token.json': 'service.upgraded',
  'kustomization-artifact-failed-legacy.json': 'incident.detected',
  'kustomization-artifact-failed.json': 'incident.detected',
  'kustomization-progressing-applied-legacy-summary.raw.json': 'environment.modified',
  'kustomization-progressing-applied.json': 'environment.modified',
  'kustomization-reconciliation-succeeded-commit-status-legacy.json': 'environment.modified',
};

/** The same under the rfc profile, which only knows its 12 reasons. */
const RFC: Record<string, string | undefined> = {
  ...Object.fromEntries(Object.keys(SEMANTIC).map((name) => [name, undefined])),
  'helmrelease-upgrade-succeeded-legacy-revision-token.json': 'taskrun.finished',
  'helmrelease-upgrade-succeeded-legacy-summary-token.json': 'taskrun.finished',
  'kustomization-reconciliation-succeeded-commit-status-legacy.json': 'environment.modified',
};

describe('every Flux fixture through parse and map', () => {
  it('has an expectation for every fixture file', () => {
    const names = fluxFixtureNames();
    expect(names.length).toBe(13);
    expect(names.filter((name) => !PARTIAL.test(name))).toEqual(Object.keys(SEMANTIC).sort());
  });

  it.each(fluxFixtureNames().filter((name) => PARTIAL.test(name)))('rejects the partial RFC-0008 sample %s with a 400 naming the fields', (name) => {
    expect(() => parseFluxEvent(loadFluxFixture(name))).toThrow(BadRequestError);
    expect(() => parseFluxEvent(loadFluxFixture(name))).toThrow("field 'severity' is required; field 'timestamp' is required; field 'reason' is required");
  });

  describe.each([['semantic', SEMANTIC], ['rfc', RFC]] as const)('profile %s', (profile, expected) => {
    it.each(Object.keys(SEMANTIC))('maps %s', (name) => {
      const result = mapFixture(name, profile);
      const kind = expected[name];
      if (kind === undefined) {
        expect(result.drafts).toEqual([]);
        expect(result.ignored).toMatch(/\w+/);
        return;
      }
      expect(result.drafts.map((draft) => draft.kind)).toEqual([kind]);
      expect(result.ignored).toBeUndefined();
      expect(result.rule).toContain(`${profile} profile`);
      expectValidDrafts(result.drafts);
    });
  });
});

describe('fixture specifics (semantic profile)', () => {
  it('legacy helm upgrade → service.upgraded with the chart version purl and the original reason', () => {
    const [draft] = mapFixture('helmrelease-upgrade-succeeded-legacy-revision-token.json', 'semantic').drafts;
    expect(draft).toMatchObject({
      subjectId: 'prod-eu/flux-system/appnamehere',
      source: '/flux/prod-eu',
      timestamp: '2023-12-04T15:44:50.000Z',
      content: { environment: { id: 'prod-eu/flux-system' }, artifactId: 'pkg:generic/appnamehere@0.1.3%2B2' },
      customData: { flux: { reason: 'UpgradeSucceeded', originalReason: 'info', metadata: { revision: '0.1.3+2' } } },
    });
    expect(Object.keys((draft!.customData!.flux as { metadata: object }).metadata)).not.toContain('token');
  });

  it('legacy helm upgrade without revision → an unversioned purl', () => {
    const [draft] = mapFixture('helmrelease-upgrade-succeeded-legacy-summary-token.json', 'semantic').drafts;
    expect(draft!.content.artifactId).toBe('pkg:generic/test-helm');
    expect(draft!.customData!.flux).toMatchObject({ metadata: { summary: 'env=develop' } });
  });

  it('kustomization-artifact-failed → incident.detected with the commit and the message', () => {
    const [draft] = mapFixture('kustomization-artifact-failed.json', 'semantic').drafts;
    expect(draft!.content).toEqual({
      environment: { id: 'prod-eu/flux-system' },
      description: 'kustomization path not found: stat /tmp/kustomization-644156964/cluster-resources/my-app: no such file or directory',
      service: { id: 'prod-eu/flux-system/my-app-kustomization' },
      artifactId: 'pkg:generic/my-app-kustomization@07a684d59d1bc9a58e0c0d07ed480812b2b9a29e',
    });
    expect(draft!.subjectId).toBe('prod-eu/flux-system/Kustomization/my-app-kustomization/ArtifactFailed');
  });

  it('docs generic sample: the prefixed revision is normalised and its legacy commit used', () => {
    const [draft] = mapFixture('docs-kustomization-validation-failed-generic.json', 'semantic').drafts;
    expect(draft!.customData!.flux).toMatchObject({ metadata: { revision: 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1' }, revision: 'main/731f7eaddfb6af01cb2173e18f0f75b0ba780ef1' });
    expect(draft!.content.artifactId).toBe('pkg:generic/webapp@731f7eaddfb6af01cb2173e18f0f75b0ba780ef1');
  });

  it('the generic and NC-inbound docs samples are the same event, so they get the same id', () => {
    const generic = mapFixture('docs-kustomization-validation-failed-generic.json', 'semantic').drafts[0]!;
    const inbound = mapFixture('docs-kustomization-validation-failed-nc-inbound.json', 'semantic').drafts[0]!;
    expect(inbound.id).toBe(generic.id);
  });

  it('Progressing with a change set → environment.modified keeping the change set', () => {
    const [draft] = mapFixture('kustomization-progressing-applied.json', 'semantic').drafts;
    expect(draft).toMatchObject({ subjectId: 'prod-eu/flux-system', content: { name: 'prod-eu/flux-system' } });
    expect(draft!.customData!.flux).toMatchObject({ message: 'Namespace/my-app created\nDeployment/my-app/my-app created' });
  });

  it('ignored fixtures say why', () => {
    expect(mapFixture('gitrepository-new-artifact-legacy-summary.raw.json', 'semantic').ignored).toContain('nothing is deployed yet');
    expect(mapFixture('gitrepository-fetched-revision-legacy-v1beta1.json', 'semantic').ignored).toContain('not CD occurrences');
    expect(mapFixture('kustomization-artifact-failed.json', 'rfc').ignored).toBe(
      'no rule of the rfc profile or the overrides matches Kustomization/ArtifactFailed (flux-system/my-app-kustomization)',
    );
  });
});
