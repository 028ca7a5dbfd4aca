import type { CommitStatusTarget } from '../config/commit-status-target.js';
import type { StatusState } from '../plan/status-write.js';
import { listOf, textOf, type FetchProviderSpec } from './fetch-status-provider.js';
import type { CurrentStatus } from './status-provider.js';

/** The `context.genre` of every status the bridge writes; `context.name` is the readable context. */
export const AZURE_GENRE = 'cdevents-bridge';
const STATES: Record<StatusState, string> = { pending: 'pending', success: 'succeeded', failure: 'failed' };
const BACK: Record<string, CurrentStatus['state']> = { pending: 'pending', succeeded: 'success', failed: 'failure' };

/**
 * Azure DevOps: `POST {org}/{project}/_apis/git/repositories/{repo}/commits/{sha}/statuses?api-version=7.1`
 * with `context {name, genre}`; read the latest per name and genre with `latestOnly=true`
 * (https://learn.microsoft.com/en-us/rest/api/azure/devops/git/statuses/create).
 */
export function azureDevOpsSpec(target: CommitStatusTarget): FetchProviderSpec {
  const { organization = '', project = '', repo = '' } = target.location;
  const org = target.apiUrl.endsWith('.visualstudio.com') ? '' : `/${encodeURIComponent(organization)}`;
  const base = `${target.apiUrl}${org}/${encodeURIComponent(project)}/_apis/git/repositories/${encodeURIComponent(repo)}/commits`;
  return {
    writeCall: (write) => ({
      method: 'POST',
      url: `${base}/${write.sha}/statuses?api-version=7.1`,
      headers: {},
      body: { state: STATES[write.state], description: write.description, context: { name: write.context, genre: AZURE_GENRE }, ...(write.url ? { targetUrl: write.url } : {}) },
    }),
    readCall: (write) => ({ method: 'GET', url: `${base}/${write.sha}/statuses?latestOnly=true&api-version=7.1`, headers: {} }),
    currentOf: (body, write) => {
      const latest = listOf(body, 'value').find((item) => {
        const context = item.context as Record<string, unknown> | undefined;
        return textOf(context, 'name') === write.context && textOf(context, 'genre') === AZURE_GENRE;
      });
      return latest ? { state: BACK[textOf(latest, 'state')] ?? 'other', description: textOf(latest, 'description') } : undefined;
    },
  };
}
