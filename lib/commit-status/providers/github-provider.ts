import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/core';
import type { operations } from '@octokit/openapi-types';
import { retry } from '@octokit/plugin-retry';
import type { CommitStatusTarget } from '../config/commit-status-target.js';
import type { StatusWrite } from '../plan/status-write.js';
import { CredentialsError } from './auth-headers.js';
import { errorMessage, replyOf } from './http-exchange.js';
import type { ProviderCredentials } from './provider-credentials.js';
import type { CurrentStatus, StatusProvider, WriteReply } from './status-provider.js';

type CreateStatusBody = operations['repos/create-commit-status']['requestBody']['content']['application/json'];

const RetryingOctokit = Octokit.plugin(retry);

/**
 * GitHub's documented media type and the API version the bridge is written against
 * (https://docs.github.com/en/rest/about-the-rest-api/api-versions); Octokit's default `v3` type
 * is refused by some mirrors of the API description.
 */
const HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

/**
 * plugin-retry retries 5xx once, quickly; 429 and the rest are left to the sink, which honours
 * `Retry-After` and the deadline (plugin-retry waits a fixed `n²` seconds).
 */
const RETRY_OPTIONS = { retries: 1, retryAfterBaseValue: 200, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] };

/** The 422 GitHub answers once a commit has 1,000 statuses for one context (https://docs.github.com/en/rest/commits/statuses). */
const TOO_MANY_STATUSES = /maximum number of statuses|no more than 1000/i;

function clientFor(target: CommitStatusTarget, credentials: ProviderCredentials, fetchImpl: typeof fetch): InstanceType<typeof RetryingOctokit> {
  const common = { baseUrl: target.apiUrl, retry: RETRY_OPTIONS, request: { fetch: fetchImpl } };
  if (credentials.githubApp) {
    const { appId, installationId, privateKey } = credentials.githubApp;
    return new RetryingOctokit({ ...common, authStrategy: createAppAuth, auth: { appId, installationId, privateKey } });
  }
  const token = credentials.token ?? credentials.password;
  if (!token) throw new CredentialsError("the github credentials need key 'token', or 'githubAppID', 'githubAppInstallationID' and 'githubAppPrivateKey'");
  return new RetryingOctokit({ ...common, auth: token });
}

/** An Octokit `RequestError` as a reply; anything else (network, abort) is rethrown. */
function replyOfError(error: unknown): WriteReply {
  const failure = error as { status?: unknown; response?: { headers?: Record<string, string>; data?: unknown } };
  if (typeof failure.status !== 'number' || failure.status === 500 && !failure.response) throw error;
  const data = failure.response?.data;
  const text = `${errorMessage(data)} ${JSON.stringify((data as { errors?: unknown } | undefined)?.errors ?? '')}`;
  if (failure.status === 422 && TOO_MANY_STATUSES.test(text)) return { kind: 'settled', reason: 'HTTP 422: this commit and context hold 1,000 statuses' };
  return replyOf({ status: failure.status, headers: new Headers(failure.response?.headers ?? {}) });
}

/**
 * GitHub and GitHub Enterprise Server through `@octokit/core`: `POST /repos/{owner}/{repo}/statuses/{sha}`,
 * read through the combined status `GET /repos/{owner}/{repo}/commits/{ref}/status` (latest per
 * context; contexts compare without case). A personal token or a GitHub App installation.
 */
export function createGitHubProvider(target: CommitStatusTarget, credentials: () => Promise<ProviderCredentials>, fetchImpl: typeof fetch = globalThis.fetch): StatusProvider {
  const { owner = '', repo = '' } = target.location;
  let cached: { credentials: ProviderCredentials; client: InstanceType<typeof RetryingOctokit> } | undefined;
  const client = async () => {
    const current = await credentials();
    if (cached?.credentials !== current) cached = { credentials: current, client: clientFor(target, current, fetchImpl) };
    return cached.client;
  };
  return {
    async readCurrent(write: StatusWrite, signal: AbortSignal): Promise<CurrentStatus | undefined> {
      const { data } = await (await client()).request('GET /repos/{owner}/{repo}/commits/{ref}/status', {
        owner, repo, ref: write.sha, per_page: 100, headers: HEADERS, request: { signal },
      });
      const latest = data.statuses.find((status) => status.context.toLowerCase() === write.context.toLowerCase());
      const state = latest?.state === 'pending' || latest?.state === 'success' || latest?.state === 'failure' ? latest.state : 'other';
      return latest ? { state, description: latest.description ?? '' } : undefined;
    },
    async write(write: StatusWrite, signal: AbortSignal): Promise<WriteReply> {
      const body: CreateStatusBody = { state: write.state, context: write.context, description: write.description, ...(write.url ? { target_url: write.url } : {}) };
      try {
        await (await client()).request('POST /repos/{owner}/{repo}/statuses/{sha}', { owner, repo, sha: write.sha, ...body, headers: HEADERS, request: { signal } });
        return { kind: 'written' };
      } catch (error) {
        if (error instanceof CredentialsError) throw error;
        return replyOfError(error);
      }
    },
  };
}
