import type { CommitStatusTarget } from '../config/commit-status-target.js';
import type { StatusState } from '../plan/status-write.js';
import { statusKey } from '../plan/status-text.js';
import { listOf, textOf, type FetchProviderSpec } from './fetch-status-provider.js';
import type { CurrentStatus } from './status-provider.js';

/** Bitbucket Cloud and Data Center share `INPROGRESS SUCCESSFUL FAILED` (plus `STOPPED`/`CANCELLED`). */
const STATES: Record<StatusState, string> = { pending: 'INPROGRESS', success: 'SUCCESSFUL', failure: 'FAILED' };
const BACK: Record<string, CurrentStatus['state']> = { INPROGRESS: 'pending', SUCCESSFUL: 'success', FAILED: 'failure' };

const currentOf = (item: Record<string, unknown> | undefined): CurrentStatus | undefined =>
  item ? { state: BACK[textOf(item, 'state')] ?? 'other', description: textOf(item, 'description') } : undefined;

/** `url` is required by both; without a link the commit's page is used. */
const linkOf = (target: CommitStatusTarget, url: string | undefined, sha: string, max?: number): string => {
  const fallback = target.provider === 'bitbucket' ? `${target.address}/commits/${sha}` : target.address;
  return url && (max === undefined || url.length <= max) ? url : fallback;
};

/**
 * Bitbucket Cloud: `POST /repositories/{workspace}/{repo}/commit/{sha}/statuses/build`, upsert by
 * `key`; read `GET …/statuses/build/{key}` (https://developer.atlassian.com/cloud/bitbucket/rest/api-group-commit-statuses/).
 * The key is the context's SHA-1 (keys are limited to 40 characters); `name` shows the context.
 */
export function bitbucketSpec(target: CommitStatusTarget): FetchProviderSpec {
  const { owner = '', repo = '' } = target.location;
  const base = `${target.apiUrl}/repositories/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}/commit`;
  return {
    writeCall: (write) => ({
      method: 'POST',
      url: `${base}/${write.sha}/statuses/build`,
      headers: {},
      body: { key: statusKey(write.context), state: STATES[write.state], name: write.context, description: write.description, url: linkOf(target, write.url, write.sha) },
    }),
    readCall: (write) => ({ method: 'GET', url: `${base}/${write.sha}/statuses/build/${statusKey(write.context)}`, headers: {} }),
    currentOf: (body) => currentOf(body && typeof body === 'object' ? (body as Record<string, unknown>) : undefined),
  };
}

/**
 * Bitbucket Data Center: `POST {base}/api/latest/projects/{key}/repos/{slug}/commits/{sha}/builds`
 * (the legacy `/build-status/1.0` is deprecated since 7.14), upsert by `key`; read with
 * `GET …/builds?key=` (https://developer.atlassian.com/server/bitbucket/rest/v803/api-group-build-status).
 * Every field is at most 255 characters and `url` 450.
 */
export function bitbucketServerSpec(target: CommitStatusTarget): FetchProviderSpec {
  const { projectKey = '', repo = '' } = target.location;
  const base = `${target.apiUrl}/api/latest/projects/${encodeURIComponent(projectKey)}/repos/${encodeURIComponent(repo)}/commits`;
  return {
    writeCall: (write) => ({
      method: 'POST',
      url: `${base}/${write.sha}/builds`,
      headers: {},
      body: { key: statusKey(write.context), state: STATES[write.state], name: write.context, description: write.description, url: linkOf(target, write.url, write.sha, 450) },
    }),
    readCall: (write) => ({ method: 'GET', url: `${base}/${write.sha}/builds?key=${statusKey(write.context)}`, headers: {} }),
    currentOf: (body, write) => currentOf(listOf(body, 'values').find((item) => item.key === statusKey(write.context))),
  };
}
