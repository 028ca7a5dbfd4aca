import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryHistory } from '../../lib/deliveries/delivery-history.js';
import type { LambdaHttpHandler } from '../../lib/local/local-server.js';
import { createFluxWebhook } from '../../lib/webhook/flux-webhook.js';
import type { WebhookRuntime } from '../../lib/webhook/webhook-runtime.js';
import { startBridge, type RunningBridge } from '../helpers/bridge-harness.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { COMMIT, syntheticBody } from '../helpers/flux-fixtures.js';
import { startGitHubPeer, type GitHubPeer } from '../helpers/git-peers/github-peer.js';
import { startLocalOutbox, type LocalOutbox } from '../helpers/local-outbox.js';

const TOKEN = 'e2e-commit-status-token-01';
const GITHUB_TOKEN = 'ghp_e2e-commit-status-0123456789';
const routes = { '/flux': (runtime: WebhookRuntime) => createFluxWebhook(runtime) as unknown as LambdaHttpHandler };

let folder: string;
let peer: GitHubPeer;
let receiver: CloudEventsReceiver;
let local: LocalOutbox;
let bridge: RunningBridge;

function reconciled(timestamp: string): string {
  return JSON.stringify(syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}` }, timestamp }));
}
const post = (body: string) => bridge.post('/flux', body, { authorization: `Bearer ${TOKEN}` });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cdevents-commit-status-'));
  [peer, receiver, local] = await Promise.all([startGitHubPeer({ flavour: 'github', token: GITHUB_TOKEN }), startCloudEventsReceiver(), startLocalOutbox()]);
  const file = join(folder, 'targets.yaml');
  await writeFile(file, [
    'targets:',
    '  - name: shop-github',
    '    provider: github',
    '    address: https://github.com/shop-org/cart-deploy',
    `    apiUrl: ${peer.url}`,
    `    token: ${GITHUB_TOKEN}`,
    '    prefix: production',
    '    eventSources:',
    '      - kind: Kustomization',
    "        name: '*'",
  ].join('\n'));
  bridge = await startBridge({
    BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: receiver.url, BRIDGE_COMMIT_STATUS_FILE: file,
    BRIDGE_OUTBOX_QUEUE_URL: local.queue.queueUrl, BRIDGE_CIRCUIT_OPEN_SECONDS: '0',
  }, routes);
});

afterAll(async () => {
  await bridge?.close();
  await Promise.all([peer?.close(), receiver?.close(), local?.close()]);
  await rm(folder, { recursive: true, force: true });
});

beforeEach(() => {
  receiver.setDefaultResponse(202);
});

describe('commit statuses through the real Flux handler', () => {
  it('writes a success status for the reconciled commit, once, and shows it in the deliveries history', async () => {
    const first = await post(reconciled('2026-11-26T01:00:00Z'));
    expect(first.status).toBe(202);
    const statuses = peer.statuses('shop-org', 'cart-deploy', COMMIT);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ state: 'success', context: expect.stringMatching(/^production\/kustomization\//) });
    expect(peer.requests.every((r) => !JSON.stringify(r).includes(TOKEN))).toBe(true);
    // Flux re-reports the same reconciliation every interval: nothing is written again.
    expect((await post(reconciled('2026-11-26T01:10:00Z'))).status).toBe(202);
    expect(peer.statuses('shop-org', 'cart-deploy', COMMIT)).toHaveLength(1);
    const history = bridge.runtime.recorder as DeliveryHistory;
    const page = await history.list({ limit: 2 } as never);
    const rows = page.deliveries.map((d) => ('record' in d ? (d as { record: { commitStatuses: unknown[] } }).record : d) as { commitStatuses: { outcome: string }[] });
    expect(rows.flatMap((r) => r.commitStatuses.map((c) => c.outcome)).sort()).toEqual(['unchanged', 'written']);
  });

  it('never fails the CloudEvents delivery when the provider is down: the status waits in the outbox', async () => {
    peer.failNext(50, { status: 503, body: { message: 'unavailable' } });
    const response = await post(reconciled('2026-11-26T02:00:00Z').replace('ReconciliationSucceeded', 'Progressing'));
    expect(response.status).toBe(202);
    expect(receiver.received.length).toBeGreaterThan(0);
    const queued = response.json.queued as { sink: string }[];
    expect(queued.every((q) => q.sink === 'commit-status:shop-github')).toBe(true);
  });
});
