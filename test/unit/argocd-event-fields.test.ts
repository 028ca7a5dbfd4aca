import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import { resolveArgoIdentity } from '../../lib/argocd/decide/argo-identity.js';
import { ARGO_EVENT_NAMES } from '../../lib/argocd/parse/argo-types.js';
import { argoCustomData } from '../../lib/argocd/custom-data.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { argoFixtureNames, fixtureApplication, renderAndValidate } from '../helpers/argocd-fixtures.js';

const CONTEXT = { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod' };
/** Types whose schema has an `artifactId` (service.removed has none: its schema forbids other fields). */
const WITH_ARTIFACT = /^dev\.cdevents\.(service\.(deployed|upgraded|rolledback)|incident\.(detected|resolved))\./;

type App = Record<string, any>;

/** Paths of every string that is `""`, anywhere in a value. */
function emptyStrings(value: unknown, path = ''): string[] {
  if (value === '') return [path || '/'];
  if (Array.isArray(value)) return value.flatMap((item, index) => emptyStrings(item, `${path}/${index}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, member]) => emptyStrings(member, `${path}/${key}`));
  }
  return [];
}

/** The same Application after a successful full sync of its spec, Healthy and Synced, an hour later than `at`. */
function recovered(app: App, at: string): App {
  const next = structuredClone(app);
  const time = (seconds: number) => new Date(Date.parse(at) + 3_600_000 + seconds * 1000).toISOString();
  const sources: App[] = next.spec.sources ?? [next.spec.source];
  const revisions = sources.map((source) => source.targetRevision ?? 'HEAD');
  const set = next.spec.sources ? { revision: '', revisions, source: { repoURL: '' }, sources } : { revision: revisions[0], source: sources[0] };
  const history: App[] = next.status.history ?? [];
  history.push({ id: (history.at(-1)?.id ?? -1) + 1, ...set, deployStartedAt: time(0), deployedAt: time(5) });
  next.status = {
    ...next.status,
    history,
    sync: { status: 'Synced' },
    health: { status: 'Healthy', lastTransitionTime: time(10) },
    operationState: { phase: 'Succeeded', message: 'successfully synced', startedAt: time(0), finishedAt: time(5), syncResult: set },
    reconciledAt: time(20),
  };
  delete next.status.conditions;
  return next;
}

/** Processes notifications in order on one store; returns every rendered event (both spec versions). */
async function emit(bodies: unknown[]): Promise<CDEvent[]> {
  const processor = createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd', });
  const events: CDEvent[] = [];
  for (const body of bodies) {
    const plan = await processor.plan(parseArgoNotification(body));
    events.push(...renderAndValidate(plan.drafts));
    await plan.commit();
  }
  return events;
}

function assertFields(events: readonly CDEvent[]): void {
  for (const event of events) {
    expect(emptyStrings(event), `${event.context.type} has empty strings`).toEqual([]);
    if (!WITH_ARTIFACT.test(event.context.type)) continue;
    const artifactId = event.subject.content.artifactId;
    expect(artifactId, `${event.context.type} has no artifactId`).toEqual(expect.any(String));
    const purl = PackageURL.fromString(artifactId as string);
    expect(purl.name.length).toBeGreaterThan(0);
    expect(purl.version?.length).toBeGreaterThan(0);
  }
}

describe.each(argoFixtureNames())('every event from %s', (name) => {
  const app = fixtureApplication(name);
  const body = (event: string, application: App = app) => ({ event, timestamp: '2026-01-01T00:00:00Z', context: CONTEXT, app: application });

  it.each(ARGO_EVENT_NAMES)('sent as %s: valid in 0.5.1 and 0.4.1, artifactId a purl, no empty string', async (event) => {
    assertFields(await emit([body(event)]));
  });

  it('and from its recovery: the incidents it opened are resolved with valid, complete events', async () => {
    const at = app.status?.operationState?.finishedAt ?? app.status?.reconciledAt ?? app.metadata.creationTimestamp;
    const healthy = recovered(app, at);
    const events = await emit([body('sync-failed'), body('health-degraded'), body('sync-status-unknown'), body('health-healthy', healthy), body('deployed', healthy)]);
    const detected = events.filter((e) => e.context.type.startsWith('dev.cdevents.incident.detected.'));
    const resolved = events.filter((e) => e.context.type.startsWith('dev.cdevents.incident.resolved.'));
    expect(resolved.map((e) => e.subject.id).sort()).toEqual(detected.map((e) => e.subject.id).sort());
    assertFields(events);
  });
});

describe('artifactId of an app whose spec is invalid', () => {
  it('names the chart at its target revision, so the Go SDK purl validation passes', async () => {
    const app = fixtureApplication('webhook-body_sync-unknown_invalid-spec.json');
    const [detected] = await emit([{ event: 'sync-status-unknown', context: CONTEXT, app }]);
    expect(detected!.subject.content.artifactId).toBe('pkg:generic/aaaaaaa@6.9.0?repository_url=ghcr.io/stefanprodan/charts');
  });

  it('names a Git source that sets no targetRevision at HEAD, Argo CD’s default', async () => {
    const sim = new ArgoAppSimulator({ sources: [{ repoURL: 'https://gitlab.example.com/acme/shop.git', path: 'deploy' }] }).syncUnknown();
    const [detected] = await emit([sim.body('sync-status-unknown')]);
    expect(detected!.subject.content.artifactId).toBe('pkg:git/gitlab.example.com/acme/shop@HEAD');
  });
});

describe('every event of a simulated lifecycle', () => {
  it('covers every type the Argo CD side emits, each valid and complete', async () => {
    const sim = new ArgoAppSimulator({ sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy', targetRevision: 'main' }] });
    const bodies: unknown[] = [sim.body('created')];
    const step = (event: string) => bodies.push(sim.body(event));
    sim.deploy('1'.repeat(40)); step('deployed');
    sim.deploy('2'.repeat(40)); step('deployed');
    sim.deploy('1'.repeat(40)); step('deployed');
    sim.health('Degraded', ''); step('health-degraded');
    sim.failSync('3'.repeat(40), ''); step('sync-failed');
    sim.syncUnknown('ComparisonError', ''); step('sync-status-unknown');
    sim.specFixed(); step('health-healthy');
    sim.deploy('3'.repeat(40)); step('deployed');
    sim.delete(); step('deleted');
    const events = await emit(bodies);
    const types = new Set(events.map((e) => e.context.type.split('.').slice(2, 4).join('.')));
    expect([...types].sort()).toEqual([
      'environment.created', 'environment.deleted', 'incident.detected', 'incident.resolved',
      'service.deployed', 'service.removed', 'service.rolledback', 'service.upgraded',
    ]);
    expect(events.filter((e) => e.context.type.includes('.incident.resolved.'))).toHaveLength(2 * 3);
    assertFields(events);
  });
});

describe('argoCustomData', () => {
  it('drops empty strings, even if the parser let one through, and keeps list positions', () => {
    const sim = new ArgoAppSimulator({ sources: [{ repoURL: 'https://github.com/acme/shop', path: 'deploy' }] }).deploy('1'.repeat(40));
    const notification = parseArgoNotification(sim.body('deployed', CONTEXT));
    const app = { ...notification.app, project: '', health: { status: 'Healthy', message: '' }, destination: { server: '', namespace: 'shop' } };
    const revisionSet = { revisions: ['', '2'.repeat(40)], sources: [] };
    const customData = argoCustomData({ notification: { ...notification, app }, event: 'deployed', identity: resolveArgoIdentity(notification, 'argocd'), revisionSet });
    expect(emptyStrings(customData)).toEqual([]);
    expect(customData).toMatchObject({ argocd: { revisions: [null, '2'.repeat(40)], health: { status: 'Healthy' }, destination: { namespace: 'shop' } } });
    expect(customData.argocd).not.toHaveProperty('project');
  });
});
