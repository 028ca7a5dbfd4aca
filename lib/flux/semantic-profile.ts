import type { MappingRule } from './mapping-rule.js';

/** Kinds served by source-controller (and the artifact kinds of Flux 2.7+). */
export const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'HelmRepository', 'HelmChart', 'Bucket', 'ExternalArtifact', 'ArtifactGenerator'] as const;

/** A kustomize-controller change-set line: `Deployment/apps/podinfo configured`. */
const CHANGE_SET_LINE = /^[\w.-]+\/\S+ (created|configured|deleted)$/m;

const HELM: readonly MappingRule[] = [
  { kind: 'HelmRelease', reason: 'InstallSucceeded', to: 'service.deployed', why: 'A new release is running in the environment: a new service instance, at the chart version in the artifact id.' },
  { kind: 'HelmRelease', reason: 'UpgradeSucceeded', to: 'service.upgraded', why: 'An existing release moved to a new chart version or new values.' },
  { kind: 'HelmRelease', reason: 'RollbackSucceeded', to: 'service.rolledback', why: 'Remediation returned the release to its previous version; the artifact id is that version.' },
  { kind: 'HelmRelease', reason: 'UninstallSucceeded', to: 'service.removed', why: 'The release, and so the service instance, is gone from the environment (uninstall or uninstall remediation).' },
  { kind: 'HelmRelease', reason: 'TestSucceeded', to: 'testcaserun.finished', why: 'The chart\'s Helm test hooks passed: a test run with outcome success for this service.' },
  {
    kind: 'HelmRelease', reason: 'TestFailed', to: ['testcaserun.finished', 'incident.detected'],
    why: 'The test run failed (outcome failure) and the release is not Ready, so it is also an incident for the service.',
  },
  {
    kind: 'HelmRelease',
    reason: ['InstallFailed', 'UpgradeFailed', 'RollbackFailed', 'UninstallFailed', 'DriftCorrectionFailed', 'ArtifactFailed', 'ValuesError', 'AccessDenied', 'InvalidCELExpression', 'InventoryBuildFailed'],
    to: 'incident.detected',
    why: 'The release cannot reach its desired state: the service in this environment is broken or stuck on an old version.',
  },
  { kind: 'HelmRelease', reason: 'DriftDetected', to: 'incident.detected', why: 'The release\'s objects were changed in the cluster behind Flux\'s back; what runs no longer matches Git.' },
  { kind: 'HelmRelease', reason: 'DriftCorrected', to: 'environment.modified', why: 'Flux rewrote cluster objects to undo drift: the environment changed, but no new version was deployed.' },
  { kind: 'HelmRelease', reason: 'PendingRelease', severity: 'info', to: 'ignore', why: 'Housekeeping: a stuck release was unlocked; the install or upgrade that follows has its own event.' },
  {
    kind: 'HelmRelease', reason: ['DependencyNotReady', 'HealthCheckCanceled', 'Progressing'], to: 'ignore',
    why: 'Transient: Flux retries, or a newer reconciliation supersedes it; the outcome arrives as its own event. (`Progressing` is a legacy `Helm … has started`.)',
  },
];

const KUSTOMIZE: readonly MappingRule[] = [
  {
    kind: 'Kustomization', reason: 'ReconciliationSucceeded', to: 'environment.modified',
    why: 'The source revision is applied and healthy in the environment. Flux repeats this every interval; the event id depends only on the object and the revision (not the message, which holds a duration), so downstream dedupe keeps one event per applied revision.',
  },
  {
    kind: 'Kustomization', reason: 'Progressing', message: CHANGE_SET_LINE, condition: 'message lists created/configured/deleted objects',
    to: 'environment.modified', why: 'The apply or prune changed cluster objects: the environment was modified. The change set is kept in customData.',
  },
  {
    kind: 'Kustomization', reason: 'Progressing', condition: 'any other message, e.g. `Health check passed in …`', to: 'ignore',
    why: 'Nothing changed in the cluster; the healthy state is reported by ReconciliationSucceeded.',
  },
  { kind: 'Kustomization', reason: ['DependencyNotReady', 'HealthCheckCanceled'], to: 'ignore', why: 'Transient: Flux retries, or a newer reconciliation supersedes it.' },
  {
    kind: 'Kustomization',
    reason: ['ArtifactFailed', 'BuildFailed', 'ReconciliationFailed', 'ValidationFailed', 'PruneFailed', 'HealthCheckFailed', 'DirectoryCreationFailed', 'AccessDenied', 'InvalidCELExpression', 'FeatureGateDisabled'],
    to: 'incident.detected',
    why: 'The environment is not at the desired revision, or its workloads are unhealthy.',
  },
];

const SOURCES_AND_IMAGES: readonly MappingRule[] = [
  {
    kind: SOURCE_KINDS, reason: 'NewArtifact', to: 'ignore',
    why: 'Flux fetched a new source revision; nothing is deployed yet. The Kustomization or HelmRelease that applies it reports the change with the same revision. Map it to `artifact.published` in the mapping file to get every fetch.',
  },
  { kind: SOURCE_KINDS, reason: ['Succeeded', 'ChartPullSucceeded', 'ChartPackageSucceeded'], to: 'ignore', why: 'Recovery with an unchanged artifact, or a chart fetched for a HelmRelease whose own event follows.' },
  {
    kind: SOURCE_KINDS, reason: '*', severity: 'error', to: 'incident.detected',
    why: 'Flux cannot fetch or verify the source (GitOperationFailed, AuthenticationFailed, …), so changes stop reaching the cluster.',
  },
  {
    kind: 'ImagePolicy', reason: 'Succeeded', to: 'ignore',
    why: 'A registry tag was selected; CI, which published the image, should emit artifact.published with the digest. Map it to `artifact.published` if Flux is your only signal.',
  },
  { kind: 'ImageRepository', reason: 'Succeeded', to: 'ignore', why: 'Registry scan bookkeeping.' },
  {
    kind: 'ImageUpdateAutomation', reason: 'Succeeded', to: 'ignore',
    why: 'Flux pushed a commit, which is not a reviewed change; the Kustomization that applies it reports environment.modified. Map it to `change.merged` if Flux pushes straight to the deploy branch.',
  },
];

const FALLBACK: readonly MappingRule[] = [
  { reason: '*', severity: 'error', to: 'incident.detected', why: 'Nothing broken is lost: an error from any kind without a rule is an incident in the object\'s environment.' },
  { reason: '*', severity: 'info', to: 'ignore', why: 'Other informational events are not CD occurrences; add a rule in the mapping file to emit one.' },
];

/** The default profile: what a Flux user would want each event to mean in CDEvents terms. */
export const SEMANTIC_RULES: readonly MappingRule[] = [...HELM, ...KUSTOMIZE, ...SOURCES_AND_IMAGES, ...FALLBACK];
