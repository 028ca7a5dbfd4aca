import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommitStatusTarget } from '../../lib/commit-status/config/commit-status-target.js';
import { MemoryStatusLedger } from '../../lib/commit-status/dedupe/memory-status-ledger.js';
import type { StatusWrite } from '../../lib/commit-status/plan/status-write.js';
import { statusKey } from '../../lib/commit-status/plan/status-text.js';
import { createCommitStatusSinks } from '../../lib/commit-status/sink/create-commit-status-sinks.js';
import type { CommitStatusRecord } from '../../lib/deliveries/delivery-record.js';
import { SinkError } from '../../lib/sinks/sink.js';
import { captureError } from '../helpers/capture-error.js';
import { startAzureDevOpsPeer } from '../helpers/git-peers/azure-devops-peer.js';
import { startBitbucketPeer } from '../helpers/git-peers/bitbucket-peer.js';
import { startGitHubPeer } from '../helpers/git-peers/github-peer.js';
import { startGitLabPeer } from '../helpers/git-peers/gitlab-peer.js';
import type { LoopbackPeer } from '../helpers/git-peers/loopback-peer.js';
import { targetsOf } from '../helpers/git-peers/status-flow.js';

const SHA = 'a'.repeat(40);
const TOKEN = 'tok-1234567890-secret';
const peers: LoopbackPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});
async function track<T extends LoopbackPeer>(peer: Promise<T>): Promise<T> {
  const started = await peer;
  peers.push(started);
  return started;
}

const write = (fields: Partial<StatusWrite> = {}): StatusWrite => ({
  target: 't', sha: SHA, context: 'production/kustomization/flux-system/apps', state: 'success',
  description: 'reconciliation succeeded · production · aaaaaaa', eventTime: '2026-03-01T10:00:00.000Z', eventId: 'e1', ...fields,
});

function sinkFor(target: readonly CommitStatusTarget[], options: { warnings?: unknown[] } = {}) {
  const results: CommitStatusRecord[] = [];
  const logger = { warn: (message: string, attributes: Record<string, unknown>) => options.warnings?.push({ message, ...attributes }) };
  const [sink] = createCommitStatusSinks(target, { ledger: new MemoryStatusLedger(), logger, onResult: (r) => results.push(r) });
  if (!sink) throw new Error('no sink');
  return { sink, results, deliver: (writes: StatusWrite[], ms = 5_000) => sink.deliver(writes, Date.now() + ms) };
}
const base = (provider: string, address: string, apiUrl: string, extra: Record<string, unknown> = {}) =>
  targetsOf({ name: 't', provider, address, apiUrl, token: TOKEN, eventSources: [{ kind: 'Kustomization', name: '*' }], ...extra });

describe('GitHub (octokit) against the loopback GitHub peer', () => {
  it('writes once, skips the unchanged re-report, writes the change, never an older event', async () => {
    const peer = await track(startGitHubPeer({ flavour: 'github', token: TOKEN }));
    const { deliver, results, sink } = sinkFor(base('github', 'https://github.com/acme/deploy', peer.url));
    expect(sink.name).toBe('commit-status:t');
    await deliver([write()]);
    await deliver([write({ eventTime: '2026-03-01T10:10:00.000Z' })]);
    await deliver([write({ state: 'failure', description: 'health check failed', eventTime: '2026-03-01T10:20:00.000Z' })]);
    await deliver([write({ state: 'success', eventTime: '2026-03-01T10:15:00.000Z' })]);
    expect(peer.statuses('acme', 'deploy', SHA).map((s) => s.state)).toEqual(['success', 'failure']);
    expect(results.map((r) => r.outcome)).toEqual(['written', 'unchanged', 'written', 'unchanged']);
    expect(results[3]?.reason).toBe('a newer status is already set');
    expect(peer.requests.every((r) => r.headers.accept === 'application/vnd.github+json' && r.headers['x-github-api-version'] === '2022-11-28')).toBe(true);
  });

  it('a fresh instance reads the provider first, as Flux does, and writes nothing for an equal status', async () => {
    const peer = await track(startGitHubPeer({ flavour: 'github', token: TOKEN }));
    const targets = base('github', 'https://github.com/acme/deploy', peer.url);
    await sinkFor(targets).deliver([write()]);
    const restarted = sinkFor(targets);
    await restarted.deliver([write({ eventTime: '2026-03-01T11:00:00.000Z' })]);
    expect(peer.statuses('acme', 'deploy', SHA)).toHaveLength(1);
    expect(restarted.results[0]?.outcome).toBe('unchanged');
  });

  it('429 with Retry-After is retried after the wait; a 403 secondary limit too', async () => {
    const peer = await track(startGitHubPeer({ flavour: 'github', token: TOKEN }));
    const { deliver, results } = sinkFor(base('github', 'https://github.com/acme/deploy', peer.url));
    await deliver([write({ state: 'pending' })]);
    peer.failNext(1, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' } });
    peer.failNext(1, { status: 403, headers: { 'retry-after': '0' }, body: { message: 'You have exceeded a secondary rate limit' } });
    await deliver([write()]);
    expect(peer.statuses('acme', 'deploy', SHA).map((s) => s.state)).toEqual(['pending', 'success']);
    expect(peer.requests.filter((r) => r.method === 'POST')).toHaveLength(4);
    expect(results.map((r) => r.outcome)).toEqual(['written', 'written']);
  });

  it('5xx until the deadline → SinkError (for the outbox), no token in the message', async () => {
    const peer = await track(startGitHubPeer({ flavour: 'github', token: TOKEN }));
    const { sink, results } = sinkFor(base('github', 'https://github.com/acme/deploy', peer.url));
    peer.failNext(1000, { status: 503, body: { message: 'unavailable' } });
    const error = await captureError(SinkError, sink.deliver([write()], Date.now() + 600));
    expect(error.message).toMatch(/^1 of 1 commit statuses not written before the deadline: (HTTP 503|request failed \(HttpError\))$/);
    expect(peer.requests.filter((r) => r.method === 'POST').length).toBeGreaterThan(1);
    expect(error.message).not.toContain(TOKEN);
    expect(results[0]).toMatchObject({ outcome: 'failed' });
  });

  it('the 1,000-statuses 422 is done, not a failure; a bad token is a configuration error logged once', async () => {
    const peer = await track(startGitHubPeer({ flavour: 'github', token: TOKEN }));
    peer.seed('acme', 'deploy', SHA, write().context, 1000);
    const capped = sinkFor(base('github', 'https://github.com/acme/deploy', peer.url));
    await capped.deliver([write()]);
    expect(capped.results[0]).toMatchObject({ outcome: 'unchanged', reason: expect.stringMatching(/1,000 statuses/) });
    const warnings: unknown[] = [];
    const wrong = sinkFor(base('github', 'https://github.com/acme/deploy', peer.url, { token: 'wrong-token' }), { warnings });
    await wrong.deliver([write({ sha: 'b'.repeat(40) })]);
    await wrong.deliver([write({ sha: 'c'.repeat(40) })]);
    expect(wrong.results.map((r) => r.reason)).toEqual(['HTTP 401: check the credentials', 'HTTP 401: check the credentials']);
    expect(warnings).toEqual([expect.objectContaining({ target: 't', reason: 'HTTP 401: check the credentials' })]);
    expect(JSON.stringify(warnings)).not.toContain('wrong-token');
  });

  it('a GitHub App installation: RS256 JWT exchanged for an installation token', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const peer = await track(startGitHubPeer({ flavour: 'github', token: 'unused-pat', app: { appId: '123', installationId: '456', publicKey } }));
    const pem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const target = base('github', 'https://github.com/acme/deploy', peer.url, { token: undefined, secretId: 'gh-app' });
    const secrets = { send: async () => ({ SecretString: JSON.stringify({ githubAppID: '123', githubAppInstallationID: '456', githubAppPrivateKey: pem }) }) };
    const [sink] = createCommitStatusSinks(target, { secrets: secrets as never });
    await sink?.deliver([write()], Date.now() + 5_000);
    expect(peer.statuses('acme', 'deploy', SHA)).toHaveLength(1);
    expect(peer.requests.map((r) => `${r.method} ${r.segments.slice(0, 2).join('/')}`)).toContain('POST app/installations');
  });
});

describe('fetch adapters against their family peers', () => {
  it('Gitea: `token` auth under /api/v1, dedupe through the combined view', async () => {
    const peer = await track(startGitHubPeer({ flavour: 'gitea', token: TOKEN }));
    const { deliver, results } = sinkFor(base('gitea', 'https://git.example.com/acme/deploy', `${peer.url}/api/v1`));
    await deliver([write({ state: 'pending' })]);
    await deliver([write()]);
    const fresh = sinkFor(base('gitea', 'https://git.example.com/acme/deploy', `${peer.url}/api/v1`));
    await fresh.deliver([write({ eventTime: '2026-03-02T00:00:00.000Z' })]);
    expect(peer.statuses('acme', 'deploy', SHA).map((s) => s.state)).toEqual(['pending', 'success']);
    expect([...results, ...fresh.results].map((r) => r.outcome)).toEqual(['written', 'written', 'unchanged']);
  });

  it('GitLab: PRIVATE-TOKEN, pending as running, the transition 400 is done, a final state is not re-posted', async () => {
    const peer = await track(startGitLabPeer(TOKEN));
    const targets = base('gitlab', 'https://gitlab.example.com/acme/deploy', `${peer.url}/api/v4`);
    const first = sinkFor(targets);
    await first.deliver([write({ state: 'pending', description: 'progressing' })]);
    // Another instance without a record posts `running` again: GitLab answers the transition 400.
    const second = sinkFor(targets);
    await second.deliver([write({ state: 'pending', description: 'progressing again' })]);
    expect(second.results[0]).toMatchObject({ outcome: 'unchanged', reason: expect.stringMatching(/already holds/) });
    await first.deliver([write()]);
    await sinkFor(targets).deliver([write({ eventTime: '2026-03-01T12:00:00.000Z' })]);
    expect(peer.jobs('acme/deploy', SHA)).toEqual([expect.objectContaining({ name: write().context, status: 'success' })]);
  });

  it('Bitbucket Cloud: key = 40-hex hash of the context, name = the context, Basic for user:token, commit page as url', async () => {
    const auth = `Basic ${Buffer.from('me@example.com:api-token').toString('base64')}`;
    const peer = await track(startBitbucketPeer('cloud', [auth]));
    const targets = base('bitbucket', 'https://bitbucket.org/acme/deploy', `${peer.url}/2.0`, { token: 'me@example.com:api-token' });
    await sinkFor(targets).deliver([write()]);
    await sinkFor(targets).deliver([write({ eventTime: '2026-03-01T12:00:00.000Z' })]);
    expect(peer.statuses('acme/deploy', SHA)).toEqual([{ key: statusKey(write().context), name: write().context, state: 'SUCCESSFUL', description: write().description, url: `https://bitbucket.org/acme/deploy/commits/${SHA}` }]);
    expect(peer.writes()).toBe(1);
  });

  it('Bitbucket Data Center: Bearer token, /rest/api/latest builds, upsert by key', async () => {
    const peer = await track(startBitbucketPeer('server', [`Bearer ${TOKEN}`]));
    const { deliver } = sinkFor(base('bitbucketserver', 'https://bb.example.com/scm/SHOP/deploy.git', `${peer.url}/rest`));
    await deliver([write({ state: 'pending' })]);
    await deliver([write({ state: 'failure', url: `https://x.example.com/${'p'.repeat(500)}` })]);
    expect(peer.statuses('SHOP/deploy', SHA)).toEqual([expect.objectContaining({ state: 'FAILED', url: 'https://bb.example.com/scm/SHOP/deploy.git' })]);
  });

  it('Azure DevOps: Basic with the PAT, context name + genre, latestOnly read-back', async () => {
    const peer = await track(startAzureDevOpsPeer(TOKEN));
    const targets = base('azuredevops', 'https://dev.azure.com/acme/shop/_git/deploy', peer.url);
    await sinkFor(targets).deliver([write({ state: 'failure' })]);
    await sinkFor(targets).deliver([write({ state: 'failure', eventTime: '2026-03-01T12:00:00.000Z' })]);
    expect(peer.statuses('acme/shop/deploy', SHA)).toEqual([expect.objectContaining({ state: 'failed', context: { name: write().context, genre: 'cdevents-bridge' } })]);
  });

  it('404 (wrong address) resolves as a configuration error; writes of other targets are skipped', async () => {
    const peer = await track(startGitLabPeer(TOKEN));
    const { deliver, results } = sinkFor(base('gitlab', 'https://gitlab.example.com/acme/deploy', `${peer.url}/wrong`));
    await deliver([write(), write({ target: 'someone-else' })]);
    expect(results).toEqual([expect.objectContaining({ outcome: 'failed', reason: 'HTTP 404: check address, apiUrl and token scope' })]);
  });
});
