import { createVerify, type KeyObject } from 'node:crypto';
import { charLength, reject, startLoopbackPeer, type LoopbackPeer, type PeerReply, type PeerRequest } from './loopback-peer.js';

/** A status as stored by the GitHub-family peer. */
export interface StoredGitHubStatus {
  state: string;
  context: string;
  description?: string;
  target_url?: string;
  id: number;
}

/** Options of {@link startGitHubPeer}. */
export interface GitHubPeerOptions {
  /** `github` serves `/repos/...`; `gitea` (also Forgejo) serves `/api/v1/repos/...`. */
  flavour: 'github' | 'gitea';
  /** The personal token accepted. */
  token: string;
  /** A GitHub App whose JWT (RS256, `iss` = app id) is exchanged for installation tokens. */
  app?: { appId: string; installationId: string; publicKey: KeyObject };
}

/** The running peer: statuses per `owner/repo@sha`, newest last. */
export interface GitHubPeer extends LoopbackPeer {
  statuses(owner: string, repo: string, sha: string): StoredGitHubStatus[];
  /** Adds `count` statuses for a context without requests (to reach the 1,000 cap). */
  seed(owner: string, repo: string, sha: string, context: string, count: number): void;
}

// https://docs.github.com/en/rest/commits/statuses#create-a-commit-status: state is one of these four.
const GITHUB_STATES = ['error', 'failure', 'pending', 'success'];
// Gitea CreateStatusOption adds `warning` (https://gitea.com/api/swagger#/repository/repoCreateStatus).
const GITEA_STATES = [...GITHUB_STATES, 'warning'];
// "You can create a maximum of 1000 statuses for a sha and context within a repository." (same page)
const MAX_STATUSES_PER_CONTEXT = 1000;

function verifiedJwt(token: string, app: NonNullable<GitHubPeerOptions['app']>): boolean {
  // https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app: RS256, iss = app id.
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return false;
  const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
  if (!verifier.verify(app.publicKey, Buffer.from(signature, 'base64url'))) return false;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
  return String(claims.iss) === app.appId;
}

/**
 * A loopback GitHub (or Gitea) statuses API enforcing the documented rules: auth header, the
 * state enum, description ≤ 140 and context ≤ 255 on GitHub (422 "description is too long
 * (maximum is 140 characters)", zalando/zappr #378; atlantis #2506), 1,000 statuses per sha and
 * context (422), and the combined view (latest per context, compared without case).
 */
export async function startGitHubPeer(options: GitHubPeerOptions): Promise<GitHubPeer> {
  const store = new Map<string, StoredGitHubStatus[]>();
  const installationTokens = new Set<string>();
  let ids = 0;
  const listOf = (owner: string, repo: string, sha: string) => {
    const key = `${owner}/${repo}@${sha}`.toLowerCase();
    if (!store.has(key)) store.set(key, []);
    return store.get(key) as StoredGitHubStatus[];
  };
  const authorized = (request: PeerRequest) => {
    // GitHub takes `token <t>` and `Bearer <t>`; Gitea `token <t>` (and Bearer).
    const [scheme, value] = String(request.headers.authorization ?? '').split(' ');
    return /^(token|bearer)$/i.test(scheme ?? '') && (value === options.token || installationTokens.has(value ?? ''));
  };
  function route(request: PeerRequest): PeerReply {
    const parts = options.flavour === 'gitea' ? request.segments.slice(2) : request.segments;
    if (options.flavour === 'gitea' && request.segments.slice(0, 2).join('/') !== 'api/v1') return reject(404, 'Not Found');
    if (options.app && request.method === 'POST' && parts[0] === 'app' && parts[2] === options.app.installationId && parts[3] === 'access_tokens') {
      const jwt = String(request.headers.authorization ?? '').replace(/^bearer /i, '');
      if (!verifiedJwt(jwt, options.app)) return reject(401, 'A JSON web token could not be decoded');
      const token = `ghs_${installationTokens.size + 1}`.padEnd(40, 'x');
      installationTokens.add(token);
      return { status: 201, body: { token, expires_at: '2099-01-01T00:00:00Z', permissions: { statuses: 'write' } } };
    }
    if (!authorized(request)) return reject(401, 'Bad credentials');
    const [repos, owner = '', repo = '', kind, sha = '', tail] = parts;
    if (repos !== 'repos') return reject(404, 'Not Found');
    if (request.method === 'GET' && kind === 'commits' && tail === 'status') return combined(listOf(owner, repo, sha));
    if (request.method !== 'POST' || kind !== 'statuses') return reject(404, 'Not Found');
    return create(listOf(owner, repo, sha), request.body ?? {});
  }
  function combined(list: StoredGitHubStatus[]): PeerReply {
    const latest = new Map<string, StoredGitHubStatus>();
    for (const status of list) latest.set(status.context.toLowerCase(), status);
    const statuses = [...latest.values()].reverse().map((s) => ({ ...s, ...(options.flavour === 'gitea' ? { status: s.state } : {}) }));
    return { status: 200, body: { state: statuses[0]?.state ?? 'pending', statuses, total_count: statuses.length } };
  }
  function create(list: StoredGitHubStatus[], body: Record<string, unknown>): PeerReply {
    const states = options.flavour === 'gitea' ? GITEA_STATES : GITHUB_STATES;
    if (!states.includes(String(body.state))) return reject(422, 'Validation Failed: state is not included in the list');
    const context = typeof body.context === 'string' ? body.context : 'default';
    if (options.flavour === 'github' && charLength(body.description) > 140) return reject(422, 'description is too long (maximum is 140 characters)');
    if (options.flavour === 'github' && charLength(context) > 255) return reject(422, 'context is too long (maximum is 255 characters)');
    if (list.filter((s) => s.context.toLowerCase() === context.toLowerCase()).length >= MAX_STATUSES_PER_CONTEXT) {
      return { status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Status', code: 'custom', field: 'context', message: 'This SHA and context has reached the maximum number of statuses.' }] } };
    }
    const status: StoredGitHubStatus = { id: ++ids, state: String(body.state), context, ...(typeof body.description === 'string' ? { description: body.description } : {}), ...(typeof body.target_url === 'string' ? { target_url: body.target_url } : {}) };
    list.push(status);
    return { status: 201, body: status };
  }
  const peer = await startLoopbackPeer(route);
  return {
    ...peer,
    statuses: (owner, repo, sha) => [...listOf(owner, repo, sha)],
    seed: (owner, repo, sha, context, count) => {
      const list = listOf(owner, repo, sha);
      for (let i = 0; i < count; i++) list.push({ id: ++ids, state: 'success', context, description: 'seeded' });
    },
  };
}
