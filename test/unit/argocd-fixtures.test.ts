import { describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { argoFixtureNames, fixtureApplication, loadArgoFixture, renderAndValidate } from '../helpers/argocd-fixtures.js';

/** What each real fixture must produce on an empty state. */
const EXPECTED: Record<string, { event: string; outcome: string; kinds: string[]; artifactId?: string }> = {
  'application_helm-chart_first-deploy_synced-healthy.yaml': {
    event: 'deployed', outcome: 'emit', kinds: ['service.deployed'],
    artifactId: 'pkg:generic/jenkins_helm_demo@0.2.0?repository_url=https://alexfiz.github.io/jenkins_helm',
  },
  'application_helm-chart_sync-failed_retried.yaml': {
    event: 'sync-failed', outcome: 'emit', kinds: ['incident.detected'],
    artifactId: 'pkg:generic/jenkins_helm_demo@0.1.0?repository_url=https://alexfiz.github.io/jenkins_helm',
  },
  'application_single-source-plugin_synced-healthy_history.yaml': { event: 'deployed', outcome: 'ignored', kinds: [] },
  'webhook-body_multisource-helm_being-deleted.json': { event: 'deleted', outcome: 'emit', kinds: ['service.removed'] },
  'webhook-body_multisource-helm_first-deploy_synced-healthy.json': {
    event: 'deployed', outcome: 'emit', kinds: ['service.deployed'],
    artifactId: 'pkg:generic/aaaaa-aaaaaaaaa@0.4.0-7-g0f9f2ee?repository_url=ghcr.io/cdviz-dev/charts',
  },
  'webhook-body_multisource-helm_second-deploy-same-chart_synced-healthy.json': {
    event: 'deployed', outcome: 'emit', kinds: ['service.upgraded'],
    artifactId: 'pkg:generic/aaaaaaa@6.9.0?repository_url=ghcr.io/stefanprodan/charts',
  },
  'webhook-body_multisource-helm_sync-running_outofsync-degraded.json': { event: 'health-degraded', outcome: 'emit', kinds: ['incident.detected'] },
  'webhook-body_multisource-helm_sync-succeeded_degraded.json': { event: 'health-degraded', outcome: 'emit', kinds: ['incident.detected'] },
  'webhook-body_single-source-git_upgrade_synced-healthy_history-limit-10.json': {
    event: 'deployed', outcome: 'emit', kinds: ['service.upgraded'],
    artifactId: 'pkg:github/cdviz-dev/demo-cluster@224f6a2da219e7efa4178277707ac90007e133b9',
  },
  'webhook-body_sync-unknown_invalid-spec.json': { event: 'sync-status-unknown', outcome: 'emit', kinds: ['incident.detected'] },
};

function processor() {
  return createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd-test', });
}

describe('Argo CD fixtures through parse and plan', () => {
  it('covers every fixture file', () => {
    expect(argoFixtureNames()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(argoFixtureNames())('%s', (name) => {
    const expected = EXPECTED[name]!;
    const bodies: [string, unknown][] = [
      ['as captured (bare Application or {timestamp, context, app})', loadArgoFixture(name)],
      ['wrapped in the bridge template with its event', { event: expected.event, timestamp: '2026-01-01T00:00:00Z', context: { argocdInstance: 'prod' }, app: fixtureApplication(name) }],
      ['as a bare Application', fixtureApplication(name)],
    ];

    it.each(bodies)('%s', async (_shape, body) => {
      const notification = parseArgoNotification(body);
      expect(notification.event).toBe(expected.event);
      const plan = await processor().plan(notification);
      expect(plan.event).toBe(expected.event);
      expect(plan.outcome).toBe(expected.outcome);
      expect(plan.drafts.map((d) => d.kind)).toEqual(expected.kinds);
      const events = renderAndValidate(plan.drafts);
      expect(events).toHaveLength(expected.kinds.length * 2);
      if (expected.artifactId) expect(plan.drafts[0]!.content.artifactId).toBe(expected.artifactId);
      for (const draft of plan.drafts) {
        expect(draft.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(draft.customData).toHaveProperty('argocd.uid', notification.app.uid);
      }
      await plan.commit();
    });
  });

  it.each(argoFixtureNames())('emits %s once however old the capture, and a replay after the claims expired emits nothing', async (name) => {
    const store = new MemoryArgoStateStore();
    const body = loadArgoFixture(name);
    const first = await createArgoProcessor({ store, defaultInstance: 'argocd-test' }).plan(parseArgoNotification(body));
    expect(first.drafts.map((d) => d.kind)).toEqual(EXPECTED[name]!.kinds);
    await first.commit();
    // Eight days on, the processed-notification key (kept seven days) is gone: the state alone decides.
    const later = createArgoProcessor({ store, defaultInstance: 'argocd-test', now: () => new Date(Date.now() + 8 * 86_400_000) });
    const replay = await later.plan(parseArgoNotification(body));
    expect(replay.outcome).not.toBe('duplicate');
    expect(replay.drafts).toEqual([]);
  });

  it.each(argoFixtureNames())('holds %s back with an age bound of a day, naming the setting', async (name) => {
    const plan = await createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd-test', maxEventAgeSeconds: 86_400 })
      .plan(parseArgoNotification(loadArgoFixture(name)));
    expect(plan.drafts).toEqual([]);
    if (EXPECTED[name]!.kinds.length > 0) expect(plan).toMatchObject({ outcome: 'stale', reason: expect.stringContaining('ARGOCD_MAX_EVENT_AGE_SECONDS') });
    await plan.commit();
  });

  it('uses the app times, the instance scope and the Argo CD URL', async () => {
    const body = loadArgoFixture('webhook-body_single-source-git_upgrade_synced-healthy_history-limit-10.json');
    const [draft] = (await processor().plan(parseArgoNotification(body))).drafts;
    expect(draft).toMatchObject({
      source: 'https://demo.cdviz.dev',
      timestamp: '2025-10-02T16:57:43.000Z',
      subjectId: 'argocd-test/argocd/aaaaaaaaa',
      content: { environment: { id: 'argocd-test/argocd' } },
    });
    expect(draft!.customData).toMatchObject({
      argocd: {
        url: 'https://demo.cdviz.dev/applications/argocd/aaaaaaaaa',
        revision: '224f6a2da219e7efa4178277707ac90007e133b9',
        historyId: 40,
        sources: [{ repoURL: 'https://github.com/cdviz-dev/demo-cluster', path: '4-k8s-gitops', targetRevision: 'HEAD' }],
        change: { kind: 'upgraded' },
      },
    });
  });

  it('describes the incidents with the Argo CD messages', async () => {
    const failed = await processor().plan(parseArgoNotification(loadArgoFixture('application_helm-chart_sync-failed_retried.yaml')));
    expect(failed.drafts[0]!.content.description).toMatch(/^one or more objects failed to apply/);
    expect(failed.drafts[0]!.subjectId).toMatch(/^argocd-test\/argocd\/jen\/incident\/[0-9a-f-]{36}$/);
    const unknown = await processor().plan(parseArgoNotification(loadArgoFixture('webhook-body_sync-unknown_invalid-spec.json')));
    expect(unknown.drafts[0]!.content.description).toBe("InvalidSpecError: application repo oci://ghcr.io/stefanprodan/charts/ is not permitted in project 'demo-cluster'");
  });

  it('keeps the plugin app destination name as the scope', async () => {
    const body = { event: 'sync-failed', app: { ...fixtureApplication('application_single-source-plugin_synced-healthy_history.yaml') } };
    body.app.status = { ...body.app.status, operationState: { ...body.app.status.operationState, phase: 'Failed' } };
    const plan = await processor().plan(parseArgoNotification(body));
    expect(plan.drafts[0]!.content).toMatchObject({
      environment: { id: 'gke-alpha-01-europe-west1/test-lla' },
      service: { id: 'gke-alpha-01-europe-west1/argo-cd/velero-test' },
      artifactId: 'pkg:github/foo/manifests-velero@ea8759964626a583667a2bfd08f334ec2070040a',
    });
    renderAndValidate(plan.drafts);
  });
});
