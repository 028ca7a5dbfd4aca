import type { CommitStatusTarget } from '../config/commit-status-target.js';
import type { StatusState } from '../plan/status-write.js';
import { errorMessage } from './http-exchange.js';
import { listOf, textOf, type FetchProviderSpec } from './fetch-status-provider.js';
import type { CurrentStatus } from './status-provider.js';

/** GitLab's states (`pending running success failed canceled skipped`); pending is `running`, as a deployment under way. */
const STATES: Record<StatusState, string> = { pending: 'running', success: 'success', failure: 'failed' };
const BACK: Record<string, CurrentStatus['state']> = { running: 'pending', pending: 'pending', success: 'success', failed: 'failure' };

/**
 * GitLab: `POST /projects/:id/statuses/:sha` with `name` as the context; read with
 * `GET /projects/:id/repository/commits/:sha/statuses?name=` (https://docs.gitlab.com/api/commits/).
 * Re-posting the state a running job holds answers 400 "Cannot transition status via :run from
 * :running" (`gitlabhq spec/requests/api/commit_statuses_spec.rb`): the status is already set.
 */
export function gitlabSpec(target: CommitStatusTarget): FetchProviderSpec {
  const base = `${target.apiUrl}/projects/${target.location.project}`;
  return {
    writeCall: (write) => ({
      method: 'POST',
      url: `${base}/statuses/${write.sha}`,
      headers: {},
      // target_url is limited to 255 characters: a longer link is left out.
      body: { state: STATES[write.state], name: write.context, description: write.description, ...(write.url && write.url.length <= 255 ? { target_url: write.url } : {}) },
    }),
    readCall: (write) => ({
      method: 'GET',
      url: `${base}/repository/commits/${write.sha}/statuses?all=true&per_page=100&name=${encodeURIComponent(write.context)}`,
      headers: {},
    }),
    currentOf: (body, write) => {
      // The newest job of that name has the highest id.
      const latest = listOf(body).filter((item) => item.name === write.context).sort((a, b) => Number(b.id) - Number(a.id))[0];
      return latest ? { state: BACK[textOf(latest, 'status')] ?? 'other', description: textOf(latest, 'description') } : undefined;
    },
    settledReason: (answer) => (answer.status === 400 && /cannot transition status/i.test(errorMessage(answer.body)) ? 'HTTP 400: GitLab already holds this state' : undefined),
  };
}
