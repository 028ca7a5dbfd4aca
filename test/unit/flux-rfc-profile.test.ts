import { describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { MAPPING_PROFILES } from '../../lib/flux/mapping-profiles.js';
import { COMMIT, expectValidDrafts, syntheticEvent, type SyntheticKind } from '../helpers/flux-fixtures.js';

const MAPPING = loadFluxMapping({ profile: 'rfc' });
const OPTIONS = { cluster: 'prod-eu' };

/** The RFC draft table (flux2 PR #4828): reason → CDEvent kind and outcome. */
const RFC_TABLE: Array<[string, string, ('success' | 'failure')?]> = [
  ['InstallSucceeded', 'environment.modified'],
  ['InstallFailed', 'incident.detected'],
  ['UpgradeSucceeded', 'taskrun.finished', 'success'],
  ['UpgradeFailed', 'taskrun.finished', 'failure'],
  ['TestSucceeded', 'testcaserun.finished', 'success'],
  ['TestFailed', 'testcaserun.finished', 'failure'],
  ['RollbackSucceeded', 'taskrun.finished', 'success'],
  ['RollbackFailed', 'taskrun.finished', 'failure'],
  ['UninstallSucceeded', 'environment.modified'],
  ['UninstallFailed', 'incident.detected'],
  ['ReconciliationSucceeded', 'environment.modified'],
  ['ReconciliationFailed', 'incident.detected'],
];

describe('rfc profile', () => {
  it('holds exactly the drafted table', () => {
    expect(MAPPING_PROFILES.rfc.rules.map((rule) => [rule.reason, rule.to])).toEqual(RFC_TABLE.map(([reason, kind]) => [reason, kind]));
  });

  it.each(RFC_TABLE)('%s → %s %s (synthetic)', (reason, kind, outcome) => {
    const objectKind: SyntheticKind = reason.startsWith('Reconciliation') ? 'Kustomization' : 'HelmRelease';
    const metadata = objectKind === 'HelmRelease' ? { revision: '6.6.1' } : { revision: `main@sha1:${COMMIT}` };
    const result = mapFluxEvent(syntheticEvent({ kind: objectKind, reason, metadata, message: `Helm action for release apps/podinfo with chart podinfo@6.6.1` }), MAPPING, OPTIONS);
    expect(result.drafts.map((draft) => draft.kind)).toEqual([kind]);
    expect(result.rule).toBe(`rfc profile: ${reason} → ${kind}`);
    expectValidDrafts(result.drafts);
    if (outcome) expect(result.drafts[0]!.content.outcome).toBe(outcome);
  });

  it('fills taskrun.finished with the task name and the errors of a failure', () => {
    const event = syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeFailed', message: 'Helm upgrade failed for release apps/podinfo with chart podinfo@6.6.1: timeout' });
    const [draft] = mapFluxEvent(event, MAPPING, OPTIONS).drafts;
    expect(draft!.content).toEqual({ taskName: 'HelmRelease/podinfo', outcome: 'failure', errors: 'Helm upgrade failed for release apps/podinfo with chart podinfo@6.6.1: timeout' });
    expect(draft!.subjectId).toBe('prod-eu/apps/HelmRelease/podinfo/UpgradeFailed/2024-07-12T08:56:37.000Z');
  });

  it('renders the RFC test outcomes as pass/fail for 0.4.1', () => {
    const event = syntheticEvent({ kind: 'HelmRelease', reason: 'TestFailed', message: 'Helm test failed' });
    const [draft] = mapFluxEvent(event, MAPPING, OPTIONS).drafts;
    expect(buildCDEvent(draft!, '0.4.1').subject.content.outcome).toBe('fail');
  });

  it('has no catch-all: other events, errors included, are ignored with a reason', () => {
    const result = mapFluxEvent(syntheticEvent({ kind: 'HelmRelease', reason: 'DriftDetected', severity: 'error' }), MAPPING, OPTIONS);
    expect(result).toEqual({ drafts: [], ignored: 'no rule of the rfc profile or the overrides matches HelmRelease/DriftDetected (apps/podinfo)' });
  });
});
