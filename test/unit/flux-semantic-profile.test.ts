import { describe, expect, it } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { COMMIT, DIGEST, expectValidDrafts, HELM_OCI_METADATA, syntheticEvent, type SyntheticParts } from '../helpers/flux-fixtures.js';

const MAPPING = loadFluxMapping({ profile: 'semantic' });
const OPTIONS = { cluster: 'prod-eu' };
const GIT_REVISION = { revision: `main@sha1:${COMMIT}` };

function map(parts: SyntheticParts) {
  return mapFluxEvent(syntheticEvent(parts), MAPPING, OPTIONS);
}

/** SYNTHETIC cases built from the message and metadata shapes of docs/flux.md §5 and §5b. */
const CASES: Array<[SyntheticParts, string[]]> = [
  [{ kind: 'HelmRelease', reason: 'InstallSucceeded', message: 'Helm install succeeded for release apps/podinfo.v1 with chart podinfo@6.6.1+0cc9a8446c95', metadata: HELM_OCI_METADATA }, ['service.deployed']],
  [{ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1+0cc9a8446c95', metadata: HELM_OCI_METADATA }, ['service.upgraded']],
  [{ kind: 'HelmRelease', reason: 'RollbackSucceeded', message: 'Helm rollback to previous release apps/podinfo.v2 with chart podinfo@6.6.0 succeeded', metadata: { revision: '6.6.0', 'app-version': '6.6.0' } }, ['service.rolledback']],
  [{ kind: 'HelmRelease', reason: 'UninstallSucceeded', message: 'Helm uninstall succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1', metadata: { revision: '6.6.1' } }, ['service.removed']],
  [{ kind: 'HelmRelease', reason: 'TestSucceeded', message: 'Helm test succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1: 2 test hook(s) completed successfully', metadata: { revision: '6.6.1' } }, ['testcaserun.finished']],
  [{ kind: 'HelmRelease', reason: 'TestFailed', message: 'Helm test failed for release apps/podinfo.v3 with chart podinfo@6.6.1: pod podinfo-grpc-test-x failed', metadata: { revision: '6.6.1' } }, ['testcaserun.finished', 'incident.detected']],
  ...['InstallFailed', 'UpgradeFailed', 'RollbackFailed', 'UninstallFailed', 'DriftCorrectionFailed', 'ArtifactFailed', 'ValuesError', 'AccessDenied', 'InvalidCELExpression', 'InventoryBuildFailed', 'DriftDetected']
    .map((reason): [SyntheticParts, string[]] => [{ kind: 'HelmRelease', reason, severity: 'error', message: `Helm ${reason} for release apps/podinfo with chart podinfo@6.6.1: boom\n\nLast Helm logs:\n\nwaiting` }, ['incident.detected']]),
  [{ kind: 'HelmRelease', reason: 'DriftCorrected', message: 'Cluster state of release apps/podinfo.v3 has been corrected:\nDeployment/apps/podinfo configured', metadata: { revision: '6.6.1' } }, ['environment.modified']],
  [{ kind: 'HelmRelease', reason: 'PendingRelease', severity: 'info', message: 'Unlocked Helm release apps/podinfo.v3 in pending-upgrade state' }, []],
  [{ kind: 'HelmRelease', reason: 'PendingRelease', severity: 'error', message: 'Unlock of Helm release apps/podinfo.v3 failed: conflict' }, ['incident.detected']],
  ...['DependencyNotReady', 'HealthCheckCanceled'].map((reason): [SyntheticParts, string[]] => [{ kind: 'HelmRelease', reason, severity: 'info' }, []]),
  [{ kind: 'Kustomization', reason: 'ReconciliationSucceeded', message: 'Reconciliation finished in 1.204s, next run in 10m0s', metadata: { ...GIT_REVISION, commit_status: 'update' } }, ['environment.modified']],
  [{ kind: 'Kustomization', reason: 'Progressing', message: 'Deployment/apps/podinfo configured\nService/apps/podinfo created', metadata: GIT_REVISION }, ['environment.modified']],
  [{ kind: 'Kustomization', reason: 'Progressing', message: 'HorizontalPodAutoscaler/apps/podinfo deleted', metadata: GIT_REVISION }, ['environment.modified']],
  [{ kind: 'Kustomization', reason: 'Progressing', message: 'Health check passed in 5.0123s', metadata: GIT_REVISION }, []],
  ...['DependencyNotReady', 'HealthCheckCanceled'].map((reason): [SyntheticParts, string[]] => [{ kind: 'Kustomization', reason, severity: 'info' }, []]),
  ...['ArtifactFailed', 'BuildFailed', 'ReconciliationFailed', 'ValidationFailed', 'PruneFailed', 'HealthCheckFailed', 'DirectoryCreationFailed', 'AccessDenied', 'InvalidCELExpression', 'FeatureGateDisabled']
    .map((reason): [SyntheticParts, string[]] => [{ kind: 'Kustomization', reason, severity: 'error', metadata: GIT_REVISION }, ['incident.detected']]),
  [{ kind: 'GitRepository', reason: 'NewArtifact', message: "stored artifact for commit 'Update podinfo'", metadata: GIT_REVISION }, []],
  [{ kind: 'OCIRepository', reason: 'NewArtifact', message: "stored artifact with revision 'latest@sha256:…' from 'oci://ghcr.io/stefanprodan/manifests/podinfo'", metadata: { revision: `latest@${DIGEST}` } }, []],
  [{ kind: 'GitRepository', reason: 'Succeeded', metadata: GIT_REVISION }, []],
  [{ kind: 'HelmChart', reason: 'ChartPullSucceeded', message: "pulled 'podinfo' chart with version '6.6.1'", metadata: { revision: '6.6.1' } }, []],
  ...['GitOperationFailed', 'AuthenticationFailed', 'StorageOperationFailed', 'ArtifactVerificationFailed']
    .map((reason): [SyntheticParts, string[]] => [{ kind: 'GitRepository', reason, severity: 'error' }, ['incident.detected']]),
  [{ kind: 'HelmChart', reason: 'ChartPullError', severity: 'error' }, ['incident.detected']],
  [{ kind: 'ImagePolicy', reason: 'Succeeded', message: `Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.6.1 with digest ${DIGEST}` }, []],
  [{ kind: 'ImageRepository', reason: 'Succeeded', message: 'successful scan: found 42 tags with checksum 1234' }, []],
  [{ kind: 'ImageUpdateAutomation', reason: 'Succeeded', message: "pushed commit 'a1b2c3d' to branch 'main'\nUpdate podinfo to 6.6.1" }, []],
  [{ kind: 'ImageUpdateAutomation', reason: 'GitOperationFailed', severity: 'error' }, ['incident.detected']],
  [{ kind: 'ImagePolicy', reason: 'SomethingNew', severity: 'info' }, []],
];

describe('semantic profile (synthetic current-format events)', () => {
  it.each(CASES.map(([parts, kinds]) => [`${parts.kind}/${parts.reason} (${parts.severity ?? 'default severity'}, ${parts.message?.split('\n')[0] ?? ''})`, parts, kinds] as const))(
    '%s',
    (_label, parts, kinds) => {
      const result = map(parts);
      expect(result.drafts.map((draft) => draft.kind)).toEqual(kinds);
      if (kinds.length === 0) expect(result.ignored).toMatch(/semantic profile: .+ → ignore: .+/);
      else expectValidDrafts(result.drafts);
    },
  );

  it('service.deployed carries the environment and the OCI chart purl', () => {
    const [draft] = map(CASES[0]![0]).drafts;
    expect(draft!.subjectId).toBe('prod-eu/apps/podinfo');
    expect(draft!.content).toEqual({
      environment: { id: 'prod-eu/apps' },
      artifactId: 'pkg:oci/podinfo@sha256%3A0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5?tag=6.6.1',
    });
  });

  it('service.rolledback names the previous chart version', () => {
    const [draft] = map(CASES[2]![0]).drafts;
    expect(draft!.content.artifactId).toBe('pkg:generic/podinfo@6.6.0');
  });

  it('a Helm test becomes a test case run with the outcome, tied to the service', () => {
    const [passed] = map(CASES[4]![0]).drafts;
    expect(passed!.content).toMatchObject({
      outcome: 'success', environment: { id: 'prod-eu/apps' },
      testCase: { id: 'prod-eu/apps/podinfo/helm-test', name: 'helm test podinfo', type: 'functional' },
    });
    const [failed, incident] = map(CASES[5]![0]).drafts;
    expect(failed!.content.outcome).toBe('failure');
    expect(incident!.content).toMatchObject({ service: { id: 'prod-eu/apps/podinfo' }, artifactId: 'pkg:generic/podinfo@6.6.1' });
    expect(failed!.id).not.toBe(incident!.id);
    expect(buildCDEvent(failed!, '0.4.1').subject.content.outcome).toBe('fail');
  });

  it('an incident describes the failure with the message, trimmed, and keeps it whole in customData', () => {
    const long = `Helm upgrade failed for release apps/podinfo with chart podinfo@6.6.1: ${'x'.repeat(5000)}`;
    const [draft] = map({ kind: 'HelmRelease', reason: 'UpgradeFailed', message: long, metadata: { revision: '6.6.1' } }).drafts;
    expect((draft!.content.description as string).length).toBe(1000);
    expect(draft!.content.description).toMatch(/…$/);
    expect(draft!.customData!.flux).toMatchObject({ message: long, severity: 'error' });
  });

  it('a source failure is an incident of the source object, without a service', () => {
    const [draft] = map({ kind: 'GitRepository', reason: 'GitOperationFailed', severity: 'error', message: 'failed to checkout and determine revision: unable to clone' }).drafts;
    expect(draft!.subjectId).toBe('prod-eu/flux-system/GitRepository/flux-system/GitOperationFailed');
    expect(draft!.content).toEqual({ environment: { id: 'prod-eu/flux-system' }, description: 'failed to checkout and determine revision: unable to clone' });
  });

  it('reports the deciding rule', () => {
    expect(map(CASES[1]![0]).rule).toBe('semantic profile: HelmRelease/UpgradeSucceeded → service.upgraded');
    expect(map({ kind: 'ImagePolicy', reason: 'InvalidPolicy', severity: 'error' }).rule).toBe('semantic profile: any kind/any reason (severity error) → incident.detected');
  });
});
