import type { StatusState, StatusWrite } from '../plan/status-write.js';

/** The latest status a provider holds for a commit and context, in the bridge's words. */
export interface CurrentStatus {
  state: StatusState | 'other';
  description: string;
}

/**
 * What one write attempt came to: `written`; `settled` (the provider will never take it and that
 * is fine: GitHub's 1,000-statuses cap, GitLab's "Cannot transition status"); `retry` (429, 5xx,
 * secondary rate limit, network); `rejected` (401/403/404/422 and other 4xx: the configuration
 * is wrong, retrying cannot help). `reason` is safe to log: a status code and a short phrase.
 */
export type WriteReply =
  | { kind: 'written' }
  | { kind: 'settled'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; reason: string };

/** One provider's commit-status endpoint for one repository. */
export interface StatusProvider {
  /**
   * The provider's latest status for the write's commit and context, or `undefined` when it has none.
   * @throws Error when it cannot be read (the caller then writes anyway).
   */
  readCurrent(write: StatusWrite, signal: AbortSignal): Promise<CurrentStatus | undefined>;
  /** Sets the status; never throws for an HTTP answer, only for a network failure. */
  write(write: StatusWrite, signal: AbortSignal): Promise<WriteReply>;
}
