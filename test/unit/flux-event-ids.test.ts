import { describe, expect, it } from 'vitest';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { COMMIT, loadFluxFixture, syntheticBody, type SyntheticParts } from '../helpers/flux-fixtures.js';

const MAPPING = loadFluxMapping({ profile: 'semantic' });
const OPTIONS = { cluster: 'prod-eu' };

function idOf(body: Record<string, unknown>, options = OPTIONS): string {
  return mapFluxEvent(parseFluxEvent(body).event, MAPPING, options).drafts[0]!.id;
}

const UPGRADE: SyntheticParts = { kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1', metadata: { revision: '6.6.1' } };
const RECONCILED = (message: string, timestamp: string, revision = `main@sha1:${COMMIT}`): SyntheticParts => ({
  kind: 'Kustomization', reason: 'ReconciliationSucceeded', message, timestamp, metadata: { revision, commit_status: 'update' },
});

describe('deterministic context ids', () => {
  it('gives the same id when the same Flux event is delivered twice', () => {
    expect(idOf(syntheticBody(UPGRADE))).toBe(idOf(syntheticBody(UPGRADE)));
    expect(idOf(loadFluxFixture('kustomization-artifact-failed.json'))).toBe(idOf(loadFluxFixture('kustomization-artifact-failed.json')));
  });

  it('changes the id with the timestamp, the message or the revision', () => {
    const base = idOf(syntheticBody(UPGRADE));
    expect(idOf(syntheticBody({ ...UPGRADE, timestamp: '2024-07-12T08:56:38Z' }))).not.toBe(base);
    expect(idOf(syntheticBody({ ...UPGRADE, message: `${UPGRADE.message}.` }))).not.toBe(base);
    expect(idOf(syntheticBody({ ...UPGRADE, metadata: { revision: '6.6.2' } }))).not.toBe(base);
  });

  it('ignores how the timestamp is written (it is normalised first)', () => {
    expect(idOf(syntheticBody({ ...UPGRADE, timestamp: '2024-07-12T10:56:37+02:00' }))).toBe(idOf(syntheticBody(UPGRADE)));
  });

  it('gives one id per applied revision for the periodic ReconciliationSucceeded', () => {
    const first = idOf(syntheticBody(RECONCILED('Reconciliation finished in 1.204s, next run in 10m0s', '2024-07-12T08:56:37Z')));
    const again = idOf(syntheticBody(RECONCILED('Reconciliation finished in 94.0083ms, next run in 10m0s', '2024-07-12T09:06:37Z')));
    const next = idOf(syntheticBody(RECONCILED('Reconciliation finished in 1.1s, next run in 10m0s', '2024-07-12T09:16:37Z', `main@sha1:${'a'.repeat(40)}`)));
    expect(again).toBe(first);
    expect(next).not.toBe(first);
  });

  it('keeps a ReconciliationSucceeded without revision unique per occurrence', () => {
    const body = (timestamp: string) => syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 1s, next run in 10m0s', timestamp });
    expect(idOf(body('2024-07-12T08:56:37Z'))).not.toBe(idOf(body('2024-07-12T09:06:37Z')));
  });

  it('uses kind/namespace/name when the uid is missing', () => {
    const body = syntheticBody(UPGRADE);
    const withoutUid = { ...body, involvedObject: { ...(body.involvedObject as object), uid: undefined } };
    expect(idOf(withoutUid)).toBe(idOf(structuredClone(withoutUid)));
    expect(idOf(withoutUid)).not.toBe(idOf(body));
  });

  it('separates copies sent with different environment metadata (two Alerts)', () => {
    const prod = syntheticBody({ ...UPGRADE, metadata: { revision: '6.6.1', env: 'production' } });
    const staging = syntheticBody({ ...UPGRADE, metadata: { revision: '6.6.1', env: 'staging' } });
    expect(idOf(prod)).not.toBe(idOf(staging));
  });

  it('gives two drafts from one event different ids', () => {
    const event = parseFluxEvent(syntheticBody({ kind: 'HelmRelease', reason: 'TestFailed', message: 'Helm test failed for release apps/podinfo.v3 with chart podinfo@6.6.1: boom' })).event;
    const ids = mapFluxEvent(event, MAPPING, OPTIONS).drafts.map((draft) => draft.id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });
});
