import { CreateTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { argoStateTableDefinition } from '../../lib/argocd/state/dynamodb-table.js';
import { DynamoDbStatusLedger, ledgerItemKey } from '../../lib/commit-status/dedupe/dynamodb-status-ledger.js';
import type { StatusLedger } from '../../lib/commit-status/dedupe/status-ledger.js';
import { createCommitStatusSinks } from '../../lib/commit-status/sink/create-commit-status-sinks.js';
import type { CommitStatusRecord } from '../../lib/deliveries/delivery-record.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { startArgoDynalite, type ArgoDynalite } from '../helpers/argocd-dynalite.js';
import { startFakeAws, type FakeAws } from '../helpers/fake-aws.js';
import { COMMIT, loadFluxFixture, syntheticBody } from '../helpers/flux-fixtures.js';
import { startGitHubPeer, type GitHubPeer } from '../helpers/git-peers/github-peer.js';
import { argoFlow, fluxWrites, targetsOf } from '../helpers/git-peers/status-flow.js';

const SECRET_TOKEN = 'ghp_from-secrets-manager-0123456789';
let aws: FakeAws;
let dynamo: ArgoDynalite;
let secrets: SecretsManagerClient;
let tables = 0;

beforeAll(async () => {
  [aws, dynamo] = await Promise.all([startFakeAws(), startArgoDynalite()]);
  secrets = new SecretsManagerClient({ endpoint: aws.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });
  aws.setSecret('cdevents-bridge/github', JSON.stringify({ token: SECRET_TOKEN }));
});
afterAll(async () => {
  secrets?.destroy();
  await Promise.all([aws?.close(), dynamo?.close()]);
});

async function dynamoLedger(): Promise<StatusLedger> {
  const tableName = `cs-${++tables}`;
  await dynamo.client.send(new CreateTableCommand(argoStateTableDefinition(tableName).createTable));
  return new DynamoDbStatusLedger({ client: dynamo.client, tableName });
}

/** Two Lambda instances: separate sinks, one shared DynamoDB ledger, the token from Secrets Manager. */
async function twoInstances(peer: GitHubPeer, eventSources: unknown[], address = 'https://github.com/acme/deploy') {
  const targets = targetsOf({ name: 'gh', provider: 'github', address, apiUrl: peer.url, secretId: 'cdevents-bridge/github', eventSources });
  const ledger = await dynamoLedger();
  const results: CommitStatusRecord[] = [];
  const make = () => createCommitStatusSinks(targets, { secrets, ledger, onResult: (r) => results.push(r) })[0]!;
  return { targets, results, instances: [make(), make()] as const };
}

describe('commit statuses end to end (DynamoDB ledger on dynalite, token from the fake Secrets Manager)', () => {
  it('Flux fixtures: progressing → pending, reconciled → success; the periodic re-report and a redelivery write nothing', async () => {
    const peer = await startGitHubPeer({ flavour: 'github', token: SECRET_TOKEN });
    try {
      const { targets, results, instances: [a, b] } = await twoInstances(peer, [{ kind: 'Kustomization', name: 'my-app-*' }]);
      const deadline = () => Date.now() + 5_000;
      const progressing = fluxWrites(targets, loadFluxFixture('kustomization-progressing-applied.json'));
      await a.deliver(progressing, deadline());
      const reconciled = (at: string) => syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', timestamp: at, metadata: { revision: `main@sha1:${COMMIT}` } });
      const withName = (body: Record<string, unknown>) => ({ ...body, involvedObject: { ...(body.involvedObject as object), name: 'my-app-kustomization' } });
      const succeeded = fluxWrites(targets, withName(reconciled('2024-07-12T09:00:00Z')));
      await b.deliver(succeeded, deadline());
      await a.deliver(fluxWrites(targets, withName(reconciled('2024-07-12T09:10:00Z'))), deadline());
      await b.deliver(succeeded, deadline());
      await a.deliver(progressing, deadline());
      expect(peer.statuses('acme', 'deploy', COMMIT).map((s) => [s.state, s.context])).toEqual([
        ['pending', 'default/flux-system/kustomization/flux-system/my-app-kustomization'],
        ['success', 'default/flux-system/kustomization/flux-system/my-app-kustomization'],
      ]);
      expect(results.map((r) => r.outcome)).toEqual(['written', 'written', 'unchanged', 'unchanged', 'unchanged']);
      expect(peer.requests.every((r) => r.method === 'POST')).toBe(true);
      expect(aws.getSecretValueCount()).toBeGreaterThan(0);
    } finally {
      await peer.close();
    }
  });

  it('Argo CD through the real processor: two environments deploying one commit get two contexts; an unmatched app gets nothing', async () => {
    const peer = await startGitHubPeer({ flavour: 'github', token: SECRET_TOKEN });
    try {
      const { targets, instances: [sink] } = await twoInstances(peer, [{ kind: 'Application', name: 'shop' }], 'https://github.com/acme/shop');
      const source = { repoURL: 'git@github.com:acme/shop.git', path: 'deploy', targetRevision: 'main' };
      const staging = new ArgoAppSimulator({ uid: 'a1111111-0000-0000-0000-000000000000', sources: [source], destination: { server: 'https://kubernetes.default.svc', namespace: 'staging' } });
      const production = new ArgoAppSimulator({ uid: 'a2222222-0000-0000-0000-000000000000', sources: [source], destination: { server: 'https://kubernetes.default.svc', namespace: 'production' } });
      const other = new ArgoAppSimulator({ name: 'billing', uid: 'a3333333-0000-0000-0000-000000000000', sources: [source] });
      const sha = 'd'.repeat(40);
      for (const sim of [staging, production, other]) {
        sim.deploy(sha);
        await sink.deliver(await argoFlow(targets, () => sim.now())(sim.body('deployed')), Date.now() + 5_000);
      }
      expect(peer.statuses('acme', 'shop', sha).map((s) => s.context).sort()).toEqual(['prod/production/application/argocd/shop', 'prod/staging/application/argocd/shop']);
    } finally {
      await peer.close();
    }
  });

  it('an older event delivered after a newer one (outbox redelivery) writes nothing; the record carries a TTL', async () => {
    const peer = await startGitHubPeer({ flavour: 'github', token: SECRET_TOKEN });
    try {
      const { targets, results, instances: [a, b] } = await twoInstances(peer, [{ kind: 'Kustomization', name: '*' }]);
      const failed = fluxWrites(targets, syntheticBody({ kind: 'Kustomization', reason: 'HealthCheckFailed', timestamp: '2024-07-12T09:00:00Z', metadata: { revision: `main@sha1:${COMMIT}` } }));
      const healed = fluxWrites(targets, syntheticBody({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', timestamp: '2024-07-12T09:05:00Z', metadata: { revision: `main@sha1:${COMMIT}` } }));
      await a.deliver(healed, Date.now() + 5_000);
      await b.deliver(failed, Date.now() + 5_000);
      expect(peer.statuses('acme', 'deploy', COMMIT).map((s) => s.state)).toEqual(['success']);
      expect(results.map((r) => r.reason)).toEqual([undefined, 'a newer status is already set']);
      const pk = ledgerItemKey(`github#github.com/acme/deploy#${COMMIT}#${healed[0]!.context}`);
      const { Items: items = [] } = await dynamo.client.send(new ScanCommand({ TableName: `cs-${tables}` }));
      expect(items).toEqual([expect.objectContaining({ pk: { S: pk }, state: { S: 'success' }, eventTime: { S: '2024-07-12T09:05:00.000Z' } })]);
      expect(Number(items[0]?.expiresAt?.N) * 1000 - Date.now()).toBeGreaterThan(29 * 86_400_000);
    } finally {
      await peer.close();
    }
  });

  it('a missing secret is a configuration error: resolved, not thrown, never retried in a loop', async () => {
    const peer = await startGitHubPeer({ flavour: 'github', token: SECRET_TOKEN });
    try {
      const targets = targetsOf({ name: 'gh', provider: 'github', address: 'https://github.com/acme/deploy', apiUrl: peer.url, secretId: 'no/such/secret', eventSources: [{ kind: 'Kustomization', name: '*' }] });
      const results: CommitStatusRecord[] = [];
      const [sink] = createCommitStatusSinks(targets, { secrets, onResult: (r) => results.push(r) });
      await sink!.deliver(fluxWrites(targets, loadFluxFixture('kustomization-artifact-failed.json')), Date.now() + 5_000);
      expect(results).toEqual([expect.objectContaining({ outcome: 'failed', reason: "the secret of target 'gh' cannot be read (ResourceNotFoundException)" })]);
      expect(peer.requests.filter((r) => r.method === 'POST')).toEqual([]);
    } finally {
      await peer.close();
    }
  });
});
