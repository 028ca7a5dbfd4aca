/** A commit an object deployed; `repoUrl` is set for Argo CD sources (Flux's repo is the target's). */
export interface SubjectRevision {
  repoUrl?: string;
  /** 40-hex SHA-1, lower case. */
  sha: string;
}

/**
 * The source-neutral facts a commit status needs from one Flux event or Argo CD notification,
 * read beside the CDEvents the bridge decided on. JSON-serialisable.
 */
export interface StatusSubject {
  tool: 'flux' | 'argocd';
  /** The tool's object: a Flux `involvedObject`, or an Argo CD app as kind `Application`. */
  object: { kind: string; name: string; namespace: string };
  /** Commits the object is at: none when no 40-hex SHA could be found. */
  revisions: readonly SubjectRevision[];
  /** What happened, in the tool's words: the Flux reason or the Argo CD event name. */
  reason: string;
  /** A page about the object (the Argo CD app page), when the tool told us. */
  url?: string;
}
