import type { CommitStatusProvider } from '../config/commit-status-target.js';

/** Longest context, description and link a provider takes, in characters. */
export interface ProviderLimits {
  context: number;
  description: number;
  /** Longest link; a longer one is left out (or replaced where a link is required). */
  url?: number;
}

/**
 * Per-provider limits. GitHub: description 140 ("description is too long (maximum is 140
 * characters)", zappr #378) and context 255 (atlantis #2506), https://docs.github.com/en/rest/commits/statuses.
 * GitLab: description, ref and target_url 255 (`doc/api/commits.md`). Bitbucket Data Center:
 * key/name/description 255 and url 450
 * (https://developer.atlassian.com/server/bitbucket/rest/v803/api-group-build-status). Gitea,
 * Bitbucket Cloud (name) and Azure DevOps document none; 255 keeps every context portable.
 */
export const PROVIDER_LIMITS: Readonly<Record<CommitStatusProvider, ProviderLimits>> = Object.freeze({
  github: { context: 255, description: 140 },
  gitlab: { context: 255, description: 255, url: 255 },
  gitea: { context: 255, description: 255 },
  bitbucket: { context: 255, description: 255 },
  bitbucketserver: { context: 255, description: 255, url: 450 },
  azuredevops: { context: 255, description: 255 },
});
