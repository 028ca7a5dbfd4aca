import type { CommitStatusTarget } from '../config/commit-status-target.js';
import type { StatusState } from '../plan/status-write.js';
import { listOf, textOf, type FetchProviderSpec } from './fetch-status-provider.js';
import type { CurrentStatus } from './status-provider.js';

const BACK: Record<string, CurrentStatus['state']> = { pending: 'pending', success: 'success', failure: 'failure' };
const STATES: Record<StatusState, string> = { pending: 'pending', success: 'success', failure: 'failure' };

/**
 * Gitea and Forgejo: `POST /repos/{owner}/{repo}/statuses/{sha}` (`CreateStatusOption`: state,
 * target_url, description, context); read the combined view `GET /repos/{owner}/{repo}/commits/{ref}/status`,
 * which holds the latest status per context (https://gitea.com/api/swagger#/repository/repoCreateStatus).
 */
export function giteaSpec(target: CommitStatusTarget): FetchProviderSpec {
  const { owner = '', repo = '' } = target.location;
  const base = `${target.apiUrl}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`;
  return {
    writeCall: (write) => ({
      method: 'POST',
      url: `${base}/statuses/${write.sha}`,
      headers: {},
      body: { state: STATES[write.state], context: write.context, description: write.description, ...(write.url ? { target_url: write.url } : {}) },
    }),
    readCall: (write) => ({ method: 'GET', url: `${base}/commits/${write.sha}/status`, headers: {} }),
    currentOf: (body, write) => {
      const latest = listOf(body, 'statuses').find((item) => textOf(item, 'context').toLowerCase() === write.context.toLowerCase());
      // Gitea names a status's state `status`; older versions also send `state`.
      return latest ? { state: BACK[textOf(latest, 'status') || textOf(latest, 'state')] ?? 'other', description: textOf(latest, 'description') } : undefined;
    },
  };
}
