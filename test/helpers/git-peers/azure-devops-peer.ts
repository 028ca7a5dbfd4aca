import { reject, startLoopbackPeer, type LoopbackPeer, type PeerReply, type PeerRequest } from './loopback-peer.js';

/** A status as stored by the Azure DevOps peer. */
export interface StoredAzureStatus {
  id: number;
  state: string;
  description?: string;
  targetUrl?: string;
  context: { name: string; genre?: string };
}

/** The running peer: statuses per `org/project/repo@sha`, oldest first (append-only). */
export interface AzureDevOpsPeer extends LoopbackPeer {
  statuses(repo: string, sha: string): StoredAzureStatus[];
}

// https://learn.microsoft.com/en-us/rest/api/azure/devops/git/statuses/create: GitStatusState.
const STATES = ['notSet', 'pending', 'succeeded', 'failed', 'error', 'notApplicable'];

/**
 * A loopback Azure DevOps Git statuses API (`{org}/{project}/_apis/git/repositories/{repo}/commits/{sha}/statuses`)
 * enforcing Basic auth with an empty user and the PAT, the `api-version` query parameter, the
 * state enum and a context name; statuses are appended, and `latestOnly=true` returns the latest
 * per name and genre (same page, "Get Statuses").
 */
export async function startAzureDevOpsPeer(pat: string): Promise<AzureDevOpsPeer> {
  const store = new Map<string, StoredAzureStatus[]>();
  let ids = 0;
  const expected = `Basic ${Buffer.from(`:${pat}`).toString('base64')}`;
  const listOf = (repo: string, sha: string) => {
    const key = `${repo}@${sha}`;
    if (!store.has(key)) store.set(key, []);
    return store.get(key) as StoredAzureStatus[];
  };
  function route(request: PeerRequest): PeerReply {
    if (request.headers.authorization !== expected) return { status: 401, body: undefined };
    const [org, project, apis, git, repositories, repo, commits, sha, statuses] = request.segments;
    if (apis !== '_apis' || git !== 'git' || repositories !== 'repositories' || commits !== 'commits' || statuses !== 'statuses') return reject(404, 'not found');
    if (!request.query.get('api-version')) return reject(400, 'No api-version was supplied for the request.');
    const list = listOf(`${org}/${project}/${repo}`, sha ?? '');
    if (request.method === 'GET') {
      const latest = new Map<string, StoredAzureStatus>();
      for (const status of list) latest.set(`${status.context.name}\n${status.context.genre ?? ''}`, status);
      const value = request.query.get('latestOnly') === 'true' ? [...latest.values()] : [...list];
      return { status: 200, body: { count: value.length, value: value.reverse() } };
    }
    const body = request.body ?? {};
    const context = body.context as { name?: unknown; genre?: unknown } | undefined;
    if (!STATES.includes(String(body.state))) return reject(400, 'state is not valid');
    if (typeof context?.name !== 'string' || !context.name) return reject(400, 'context.name is required');
    const status: StoredAzureStatus = {
      id: ++ids, state: String(body.state), context: { name: context.name, ...(typeof context.genre === 'string' ? { genre: context.genre } : {}) },
      ...(typeof body.description === 'string' ? { description: body.description } : {}), ...(typeof body.targetUrl === 'string' ? { targetUrl: body.targetUrl } : {}),
    };
    list.push(status);
    return { status: 201, body: status };
  }
  const peer = await startLoopbackPeer(route);
  return { ...peer, statuses: (repo, sha) => [...listOf(repo, sha)] };
}
