import { charLength, reject, startLoopbackPeer, type LoopbackPeer, type PeerReply, type PeerRequest } from './loopback-peer.js';

/** A build status as stored by the Bitbucket peer (upserted by key). */
export interface StoredBuildStatus {
  key: string;
  state: string;
  name?: string;
  description?: string;
  url: string;
}

/** The running peer: statuses per `repo@sha`, by key. */
export interface BitbucketPeer extends LoopbackPeer {
  statuses(repo: string, sha: string): StoredBuildStatus[];
  /** Number of POSTs that reached the store (a repeated upsert counts). */
  writes(): number;
}

/** The accepted `Authorization` header values. */
export type BitbucketAuth = readonly string[];

/**
 * A loopback Bitbucket build-status API, Cloud (`/2.0/repositories/{ws}/{repo}/commit/{sha}/statuses/build`,
 * https://developer.atlassian.com/cloud/bitbucket/rest/api-group-commit-statuses/) or Data Center
 * (`/rest/api/latest/projects/{key}/repos/{slug}/commits/{sha}/builds`,
 * https://developer.atlassian.com/server/bitbucket/rest/v803/api-group-build-status). Enforces the
 * auth header, `key`, `state` and `url` required, the state enum, Cloud's key ≤ 40 (as
 * notification-controller's `bitbucket.go` notes), Data Center's 255-character fields and
 * 450-character url, and upserts by key ("If the specified key already exists, the existing status
 * object will be overwritten").
 */
export async function startBitbucketPeer(flavour: 'cloud' | 'server', auth: BitbucketAuth): Promise<BitbucketPeer> {
  const store = new Map<string, Map<string, StoredBuildStatus>>();
  let writes = 0;
  const mapOf = (repo: string, sha: string) => {
    const key = `${repo}@${sha}`;
    if (!store.has(key)) store.set(key, new Map());
    return store.get(key) as Map<string, StoredBuildStatus>;
  };
  const states = flavour === 'cloud' ? ['INPROGRESS', 'SUCCESSFUL', 'FAILED', 'STOPPED'] : ['INPROGRESS', 'SUCCESSFUL', 'FAILED', 'CANCELLED', 'UNKNOWN'];
  function post(map: Map<string, StoredBuildStatus>, body: Record<string, unknown>): PeerReply {
    const { key, state, url } = body;
    if (typeof key !== 'string' || typeof url !== 'string' || !url) return reject(400, 'key, state and url are required');
    if (!states.includes(String(state))) return reject(400, 'state is not a valid value');
    if (flavour === 'cloud' && charLength(key) > 40) return reject(400, 'key: Ensure this value has at most 40 characters');
    if (flavour === 'server' && (['key', 'name', 'description'].some((f) => charLength(body[f]) > 255) || charLength(url) > 450)) {
      return reject(400, 'a field is longer than allowed');
    }
    writes += 1;
    const stored: StoredBuildStatus = { key, state: String(state), url, ...(typeof body.name === 'string' ? { name: body.name } : {}), ...(typeof body.description === 'string' ? { description: body.description } : {}) };
    map.set(key, stored);
    return flavour === 'cloud' ? { status: 201, body: stored } : { status: 204 };
  }
  function route(request: PeerRequest): PeerReply {
    if (!auth.includes(String(request.headers.authorization))) return reject(401, 'Unauthorized');
    const s = request.segments;
    if (flavour === 'cloud' && s[0] === '2.0' && s[1] === 'repositories' && s[4] === 'commit' && s[6] === 'statuses' && s[7] === 'build') {
      const map = mapOf(`${s[2]}/${s[3]}`, s[5] ?? '');
      if (request.method === 'POST' && s.length === 8) return post(map, request.body ?? {});
      const found = map.get(s[8] ?? '');
      return request.method === 'GET' && found ? { status: 200, body: found } : reject(404, 'Not found');
    }
    if (flavour === 'server' && s.slice(0, 4).join('/') === 'rest/api/latest/projects' && s[5] === 'repos' && s[7] === 'commits' && s[9] === 'builds') {
      const map = mapOf(`${s[4]}/${s[6]}`, s[8] ?? '');
      if (request.method === 'POST') return post(map, request.body ?? {});
      const key = request.query.get('key');
      return { status: 200, body: { values: [...map.values()].filter((v) => key === null || v.key === key), isLastPage: true } };
    }
    return reject(404, 'Not found');
  }
  const peer = await startLoopbackPeer(route);
  return { ...peer, statuses: (repo, sha) => [...mapOf(repo, sha).values()], writes: () => writes };
}

