import type { MappingRule } from './mapping-rule.js';

/**
 * Where each entry of the `rfc` profile comes from.
 *
 * - RFC: the "Example Default Mappings" table of flux2 PR #4828, "[RFC] Flux-CDEvent Provider",
 *   file `rfcs/NNNN-cdevents-provider/README.md`, revision "Last update: 2024-06-05" (stored commit
 *   bb8448b69ae1cc19d4e85b463d9ba00b0a99ac1e). The table is keyed by reason only (column "Helm Event").
 * - ISSUE: the issue quotes two of its rows: InstallSucceeded → environment.modified and
 *   UpgradeSucceeded → taskrun.finished (success). Both agree with the RFC table.
 * - The outcome of taskrun.finished / testcaserun.finished follows the Flux severity
 *   (info → success/pass, error → failure/fail), as the RFC's "(with outcome …)" notes say.
 *
 * Not used: docs/flux.md §6 summarises the draft as Service.Deployed/Upgraded/RolledBack/Removed and
 * "every *Failed → Incident.Detected"; no stored revision of the RFC file says that. Another revision
 * (stored commit 1a5d94bb) adds Build.Finished and PipeLineRun.Finished rows under the Install,
 * Upgrade and Rollback entries; those were left out because build.finished has no outcome and the
 * RFC marks it "not implemented yet".
 *
 * The RFC has no catch-all, so this profile has none: any other event is ignored.
 */
const RFC_SOURCE = 'RFC draft (flux2 PR #4828)';

function rfcRow(reason: string, to: MappingRule['to'], drafted: string): MappingRule {
  return { reason, to, why: `${RFC_SOURCE}: ${reason} → ${drafted}.` };
}

/** The mapping drafted in the Flux CDEvents provider RFC, exactly as drafted. */
export const RFC_RULES: readonly MappingRule[] = [
  rfcRow('InstallSucceeded', 'environment.modified', 'Environment.Modified (also quoted in the issue)'),
  rfcRow('InstallFailed', 'incident.detected', 'Incident.Detected'),
  rfcRow('UpgradeSucceeded', 'taskrun.finished', 'TaskRun.Finished with outcome success (also quoted in the issue)'),
  rfcRow('UpgradeFailed', 'taskrun.finished', 'TaskRun.Finished with outcome failed'),
  rfcRow('TestSucceeded', 'testcaserun.finished', 'TestCaseRun.finished with outcome pass'),
  rfcRow('TestFailed', 'testcaserun.finished', 'TestCaseRun.finished with outcome fail'),
  rfcRow('RollbackSucceeded', 'taskrun.finished', 'TaskRun.Finished with outcome success'),
  rfcRow('RollbackFailed', 'taskrun.finished', 'TaskRun.Finished with outcome failed'),
  rfcRow('UninstallSucceeded', 'environment.modified', 'Environment.Modified'),
  rfcRow('UninstallFailed', 'incident.detected', 'Incident.Detected'),
  rfcRow('ReconciliationSucceeded', 'environment.modified', 'Environment.Modified'),
  rfcRow('ReconciliationFailed', 'incident.detected', 'Incident.Detected'),
];
