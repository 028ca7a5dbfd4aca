import { charLength, reject, startLoopbackPeer, type LoopbackPeer, type PeerReply, type PeerRequest } from './loopback-peer.js';

/** A commit-status job as stored by the GitLab peer. */
export interface StoredGitLabJob {
  id: number;
  name: string;
  status: string;
  description?: string;
  target_url?: string;
}

/** The running peer: jobs per `project@sha`, oldest first. */
export interface GitLabPeer extends LoopbackPeer {
  jobs(project: string, sha: string): StoredGitLabJob[];
}

// doc/api/commits.md "Set the pipeline status of a commit": state is one of these.
const STATES = ['pending', 'running', 'success', 'failed', 'canceled', 'skipped'];
const FINAL = new Set(['success', 'failed', 'canceled', 'skipped']);
// The event that moves a job into each state (gitlabhq app/models/commit_status.rb state machine).
const EVENT_OF: Record<string, string> = { pending: 'enqueue', running: 'run', success: 'succeed', failed: 'drop', canceled: 'cancel', skipped: 'skip' };

/**
 * A loopback GitLab commit-status API (`/api/v4/projects/:id/statuses/:sha`) enforcing: the
 * `PRIVATE-TOKEN` (or Bearer) header; the state enum; description, ref and target_url ≤ 255
 * (doc/api/commits.md); and the per-name state machine of `spec/requests/api/commit_statuses_spec.rb`:
 * a change from a non-final state updates the same job, posting the state a non-final job already
 * holds answers 400 "Cannot transition status via :run from :running", and posting after a final
 * state creates a new job (how notification-controller #1009 piled up jobs).
 */
export async function startGitLabPeer(token: string): Promise<GitLabPeer> {
  const store = new Map<string, StoredGitLabJob[]>();
  let ids = 0;
  const listOf = (project: string, sha: string) => {
    const key = `${project}@${sha}`;
    if (!store.has(key)) store.set(key, []);
    return store.get(key) as StoredGitLabJob[];
  };
  const authorized = (request: PeerRequest) => request.headers['private-token'] === token || request.headers.authorization === `Bearer ${token}`;
  function post(list: StoredGitLabJob[], body: Record<string, unknown>): PeerReply {
    const state = String(body.state);
    if (!STATES.includes(state)) return reject(400, 'state does not have a valid value');
    for (const field of ['description', 'target_url', 'ref']) {
      if (charLength(body[field]) > 255) return reject(400, { [field]: ['is too long (maximum is 255 characters)'] });
    }
    const name = typeof body.name === 'string' ? body.name : typeof body.context === 'string' ? body.context : 'default';
    const latest = list.filter((job) => job.name === name).at(-1);
    const fields = { ...(typeof body.description === 'string' ? { description: body.description } : {}), ...(typeof body.target_url === 'string' ? { target_url: body.target_url } : {}) };
    if (latest && !FINAL.has(latest.status)) {
      if (latest.status === state) return reject(400, `Cannot transition status via :${EVENT_OF[state]} from :${latest.status}`);
      Object.assign(latest, { status: state, ...fields });
      return { status: 201, body: latest };
    }
    const job = { id: ++ids, name, status: state, ...fields };
    list.push(job);
    return { status: 201, body: job };
  }
  function route(request: PeerRequest): PeerReply {
    const [api, v4, projects, project = '', ...rest] = request.segments;
    if (`${api}/${v4}/${projects}` !== 'api/v4/projects') return reject(404, '404 Not Found');
    if (!authorized(request)) return reject(401, '401 Unauthorized');
    if (request.method === 'POST' && rest[0] === 'statuses' && rest[1]) return post(listOf(project, rest[1]), request.body ?? {});
    if (request.method === 'GET' && rest[0] === 'repository' && rest[1] === 'commits' && rest[3] === 'statuses') {
      const name = request.query.get('name');
      return { status: 200, body: listOf(project, rest[2] ?? '').filter((job) => name === null || job.name === name) };
    }
    return reject(404, '404 Not Found');
  }
  const peer = await startLoopbackPeer(route);
  return { ...peer, jobs: (project, sha) => [...listOf(project, sha)] };
}
