import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SdkSender } from '../../aws/lazy-client.js';
import type { CommitStatusRecord } from '../../deliveries/delivery-record.js';
import type { CommitStatusTarget } from '../config/commit-status-target.js';
import { MemoryStatusLedger } from '../dedupe/memory-status-ledger.js';
import type { StatusLedger } from '../dedupe/status-ledger.js';
import { authHeaders } from '../providers/auth-headers.js';
import { azureDevOpsSpec } from '../providers/azure-devops-provider.js';
import { bitbucketServerSpec, bitbucketSpec } from '../providers/bitbucket-provider.js';
import { createFetchStatusProvider, type FetchProviderSpec } from '../providers/fetch-status-provider.js';
import { giteaSpec } from '../providers/gitea-provider.js';
import { createGitHubProvider } from '../providers/github-provider.js';
import { gitlabSpec } from '../providers/gitlab-provider.js';
import type { StatusProvider } from '../providers/status-provider.js';
import { CommitStatusSink, type StatusLogger } from './commit-status-sink.js';
import { targetCredentials, type CredentialsSupplier } from './target-credentials.js';

/** What {@link createCommitStatusSinks} needs beside the targets. */
export interface CommitStatusSinkDependencies {
  /** Secrets Manager client for targets with `secretId`. */
  secrets?: SdkSender<SecretsManagerClient>;
  /** How long a secret is cached, in seconds. @default 300 */
  secretCacheSeconds?: number;
  logger?: StatusLogger;
  metrics?: Metrics;
  /** Shared by all targets; a {@link MemoryStatusLedger} when absent. */
  ledger?: StatusLedger;
  onResult?: (result: CommitStatusRecord) => void;
  /** The fetch used by every provider (tests). @default globalThis.fetch */
  fetch?: typeof fetch;
}

const FETCH_SPECS: Record<Exclude<CommitStatusTarget['provider'], 'github'>, (target: CommitStatusTarget) => FetchProviderSpec> = {
  gitlab: gitlabSpec, gitea: giteaSpec, bitbucket: bitbucketSpec, bitbucketserver: bitbucketServerSpec, azuredevops: azureDevOpsSpec,
};

/** The provider adapter of a target. */
export function createStatusProvider(target: CommitStatusTarget, credentials: CredentialsSupplier, fetchImpl: typeof fetch = globalThis.fetch): StatusProvider {
  const { provider } = target;
  if (provider === 'github') return createGitHubProvider(target, credentials, fetchImpl);
  return createFetchStatusProvider(FETCH_SPECS[provider](target), async () => authHeaders(provider, await credentials()), fetchImpl);
}

/**
 * One {@link CommitStatusSink} per target, in the targets' order. Nothing is fetched here:
 * secrets are read on the first write (and cached), so a start never waits on Secrets Manager.
 * @throws CredentialsError when a target names a secret and no Secrets Manager client is given.
 */
export function createCommitStatusSinks(targets: readonly CommitStatusTarget[], dependencies: CommitStatusSinkDependencies = {}): CommitStatusSink[] {
  const ledger = dependencies.ledger ?? new MemoryStatusLedger();
  return targets.map((target) => {
    const credentials = targetCredentials(target, dependencies.secrets, dependencies.secretCacheSeconds ?? 300);
    return new CommitStatusSink({
      target, ledger,
      provider: createStatusProvider(target, credentials, dependencies.fetch),
      ...(dependencies.logger ? { logger: dependencies.logger } : {}),
      ...(dependencies.metrics ? { metrics: dependencies.metrics } : {}),
      ...(dependencies.onResult ? { onResult: dependencies.onResult } : {}),
    });
  });
}
