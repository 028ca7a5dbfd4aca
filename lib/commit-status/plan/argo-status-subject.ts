import { resolveArgoIdentity } from '../../argocd/decide/argo-identity.js';
import type { ArgoNotification, ArgoRevisionSet, ArgoSource } from '../../argocd/parse/argo-types.js';
import type { StatusSubject, SubjectRevision } from './status-subject.js';

const SHA1 = /^[0-9a-fA-F]{40}$/;

/**
 * The revision set the notification is about: the last operation's result (what was just synced,
 * or failed to sync), else the newest history entry, else the compared revision(s) with the spec
 * sources.
 */
function revisionSetOf(notification: ArgoNotification): ArgoRevisionSet {
  const { app } = notification;
  return app.operationState?.syncResult ?? app.history.at(-1) ?? { revision: app.sync.revision, revisions: app.sync.revisions, sources: app.specSources };
}

/** Git commits per source: `revisions[i]` of `sources[i]` (multi-source) or `revision` of the only source. */
function gitRevisions(set: ArgoRevisionSet): SubjectRevision[] {
  const pairs: [ArgoSource | undefined, string | undefined][] = set.revisions.length > 0
    ? set.sources.map((source, index) => [source, set.revisions[index]])
    : [[set.sources[0], set.revision]];
  const revisions: SubjectRevision[] = [];
  for (const [source, revision] of pairs) {
    // Helm chart sources carry a chart version, never a commit.
    if (source && !source.chart && revision && SHA1.test(revision)) revisions.push({ repoUrl: source.repoURL, sha: revision.toLowerCase() });
  }
  return revisions;
}

/** The dry commit of a hydrated app, when it is a git SHA and its repository is known. */
function dryRevision({ app }: ArgoNotification): SubjectRevision[] | undefined {
  const { drySha, dryRepoUrl } = app.hydrator ?? {};
  if (!drySha || !dryRepoUrl || !SHA1.test(drySha)) return undefined;
  return [{ repoUrl: dryRepoUrl, sha: drySha.toLowerCase() }];
}

/**
 * The commit-status facts of a parsed Argo CD notification: the app as kind `Application`, the
 * synced commit of each git source with its repoURL, and the app page from `context.argocdUrl`.
 * A hydrated app (Source Hydrator) reports on its dry commit, the one developers pushed, in the dry
 * source's repository: the deployed commit is one the hydrator wrote.
 */
export function argoStatusSubject(notification: ArgoNotification): StatusSubject {
  const { app } = notification;
  const url = resolveArgoIdentity(notification, 'argocd').appUrl;
  return {
    tool: 'argocd',
    object: { kind: 'Application', name: app.name, namespace: app.namespace },
    revisions: dryRevision(notification) ?? gitRevisions(revisionSetOf(notification)),
    reason: notification.event ?? 'unknown',
    ...(url ? { url } : {}),
  };
}
