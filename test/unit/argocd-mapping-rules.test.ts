import { describe, expect, it } from 'vitest';
import { resolveArgoIdentity } from '../../lib/argocd/decide/argo-identity.js';
import type { ArgoSource } from '../../lib/argocd/parse/argo-types.js';
import { artifactPurl } from '../../lib/argocd/decide/artifact-id.js';
import { MAX_CANONICAL_DEPTH, canonicalJson } from '../../lib/text/canonical-json.js';
import { classifyDeployment, knownDeployments } from '../../lib/argocd/decide/classify-deployment.js';
import { compareSemver } from '../../lib/argocd/decide/compare-semver.js';
import type { DeploymentFingerprint } from '../../lib/argocd/decide/deployment-facts.js';
import { argoEventTime } from '../../lib/argocd/decide/event-time.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { ageBoundStart, isBeyondAgeBound } from '../../lib/argocd/decide/event-age.js';
import { applyAppChange } from '../../lib/argocd/state/apply-app-change.js';
import { MAX_JSON_NESTING_DEPTH } from '../../lib/http/json-nesting.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';

const source = (fields: Partial<ArgoSource>): ArgoSource => ({ repoURL: '', contentHash: 'h', ...fields });
const fp = (name: string, revisions: string[], extra: Partial<DeploymentFingerprint> = {}): DeploymentFingerprint => ({
  fingerprint: name, revisions, sourcesHash: `s-${name}`, ...extra,
});

describe('artifactPurl', () => {
  it.each([
    ['an OCI chart without scheme', { repoURL: 'ghcr.io/org/charts', chart: 'app' }, '1.2.3', 'pkg:generic/app@1.2.3?repository_url=ghcr.io/org/charts'],
    ['an oci:// chart', { repoURL: 'oci://ghcr.io/org/charts/', chart: 'app' }, '1.2.3', 'pkg:generic/app@1.2.3?repository_url=ghcr.io/org/charts'],
    ['an OCI chart pinned by digest', { repoURL: 'oci://ghcr.io/org/charts', chart: 'app', targetRevision: '1.2.3' }, `sha256:${'a'.repeat(64)}`,
      `pkg:oci/app@sha256%3A${'a'.repeat(64)}?repository_url=ghcr.io/org/charts/app&tag=1.2.3`],
    ['an https Helm repository chart', { repoURL: 'https://charts.example.com/stable/', chart: 'app' }, '0.2.0', 'pkg:generic/app@0.2.0?repository_url=https://charts.example.com/stable'],
    ['a GitHub source', { repoURL: 'https://github.com/acme/shop.git', path: 'deploy' }, 'abc123', 'pkg:github/acme/shop@abc123'],
    ['a self-hosted Git source', { repoURL: 'git@git.example.com:team/shop.git', path: '.' }, 'abc123', 'pkg:git/git.example.com/team/shop@abc123'],
  ])('renders %s', (_case, fields, revision, expected) => {
    expect(artifactPurl(source(fields), revision)).toBe(expected);
  });

  it('has no artifact without a revision', () => {
    expect(artifactPurl(source({ repoURL: 'https://github.com/acme/shop' }), undefined)).toBeUndefined();
  });
});

describe('compareSemver', () => {
  it('orders versions by SemVer precedence and refuses non-versions', () => {
    expect(compareSemver('6.9.0', '6.9.2')).toBe(-1);
    expect(compareSemver('1.10.0', '1.9.9')).toBe(1);
    expect(compareSemver('1.0.0-rc.1', '1.0.0')).toBe(-1);
    expect(compareSemver('0.4.0-7-g0f9f2ee', '0.4.0-10-g1')).toBe(1);
    expect(compareSemver('1.0.0-alpha.2', '1.0.0-alpha.10')).toBe(-1);
    expect(compareSemver('v2.0.0', '2.0.0')).toBe(0);
    expect(compareSemver('main', '1.0.0')).toBeUndefined();
  });
});

describe('classifyDeployment', () => {
  const a = fp('a', ['sha-a']);
  const b = fp('b', ['sha-b']);
  const c = fp('c', ['sha-c']);

  it.each([
    ['the first deployment', a, knownDeployments([], []), 'deployed'],
    ['a re-sync of the same revision and sources', a, knownDeployments([], [a]), 'none'],
    ['a new revision', b, knownDeployments([a], []), 'upgraded'],
    ['a config-only change', fp('a2', ['sha-a']), knownDeployments([a], []), 'upgraded'],
    ['a revision deployed before', a, knownDeployments([a, b], []), 'rolledback'],
    ['a revision only in the app history', a, knownDeployments([], [a, b]), 'rolledback'],
    ['a revision beyond the truncated history, from the store', a, knownDeployments([a, b, c], [c]), 'rolledback'],
    ['the old revision with changed sources', fp('a3', ['sha-a']), knownDeployments([a, b], []), 'rolledback'],
  ])('classifies %s', (_case, current, known, change) => {
    expect(classifyDeployment(current, known).change).toBe(change);
  });

  it('uses Helm chart semver when the chart is the same', () => {
    const chart = { helmChart: 'ghcr.io/org/charts#app' };
    const v2 = fp('v2', ['2.0.0'], { ...chart, helmVersion: '2.0.0' });
    const v1 = fp('v1', ['1.0.0'], { ...chart, helmVersion: '1.0.0' });
    const v15 = fp('v15', ['1.5.0'], { ...chart, helmVersion: '1.5.0' });
    expect(classifyDeployment(v15, knownDeployments([v2], [])).change).toBe('rolledback');
    expect(classifyDeployment(v2, knownDeployments([v1, v2, v1], [])).change).toBe('upgraded');
    expect(classifyDeployment(v15, knownDeployments([{ ...v2, helmChart: 'other#chart' }], [])).change).toBe('upgraded');
  });
});

describe('applyAppChange', () => {
  const at = (name: string, deployedAt: string) => ({ ...fp(name, [name]), deployedAt });

  it('keeps distinct deployments ordered by time, bounded to 50, idempotently', () => {
    let record = applyAppChange(undefined, {});
    for (let i = 0; i < 60; i += 1) record = applyAppChange(record, { recordDeployment: at(`r${i}`, `2026-01-01T00:${String(i).padStart(2, '0')}:00.000Z`) });
    expect(record.deployments).toHaveLength(50);
    expect(record.deployments[0]!.fingerprint).toBe('r10');
    const again = applyAppChange(record, { recordDeployment: at('r20', '2026-01-02T00:00:00.000Z') });
    expect(again.deployments.at(-1)!.fingerprint).toBe('r20');
    expect(applyAppChange(again, { recordDeployment: at('r20', '2026-01-02T00:00:00.000Z') })).toEqual(again);
    const late = applyAppChange(again, { recordDeployment: at('late', '2025-12-31T00:00:00.000Z') });
    expect(late.deployments.map((d) => d.fingerprint)).not.toContain('late');
  });

  it('opens one incident per cause, closes only the matching one, and remembers it as resolved', () => {
    const health = { subjectId: 'i1', cause: 'health' as const, openedAt: '2026-01-01T00:00:00.000Z' };
    const sync = { subjectId: 's1', cause: 'sync' as const, openedAt: '2026-01-01T00:01:00.000Z' };
    const open = applyAppChange(undefined, { causes: [{ cause: 'health', open: health }, { cause: 'sync', open: sync }] });
    expect(open.causes).toEqual({ health: { open: health }, sync: { open: sync } });
    expect(applyAppChange(open, { causes: [{ cause: 'health', open: { ...health, subjectId: 'i2' } }] }).causes?.health?.open?.subjectId).toBe('i1');
    const resolve = { subjectId: 'i1', openedAt: health.openedAt, resolvedAt: '2026-01-01T00:05:00.000Z' };
    expect(applyAppChange(open, { causes: [{ cause: 'health', resolve: { ...resolve, subjectId: 'i2' } }] }).causes?.health?.open?.subjectId).toBe('i1');
    const closed = applyAppChange(open, { causes: [{ cause: 'health', resolve, clearedAt: resolve.resolvedAt }] });
    expect(closed.causes).toEqual({ health: { resolved: [resolve], clearedAt: resolve.resolvedAt }, sync: { open: sync } });
    expect(applyAppChange(closed, { causes: [{ cause: 'health', resolve, clearedAt: resolve.resolvedAt }] })).toEqual(closed);
    expect(applyAppChange(closed, { causes: [{ cause: 'health', open: health }] }).causes?.health?.open).toBeUndefined();
    expect(applyAppChange(closed, { causes: [{ cause: 'health', clearedAt: '2025-01-01T00:00:00.000Z' }] }).causes?.health?.clearedAt).toBe(resolve.resolvedAt);
  });

  it('keeps the last 10 resolved incidents of a cause', () => {
    let record = applyAppChange(undefined, {});
    for (let i = 0; i < 15; i += 1) {
      const resolvedAt = `2026-01-01T00:${String(i).padStart(2, '0')}:30.000Z`;
      record = applyAppChange(record, { causes: [{ cause: 'sync', resolve: { subjectId: `s${i}`, openedAt: resolvedAt, resolvedAt } }] });
    }
    expect(record.causes?.sync?.resolved?.map((r) => r.subjectId)).toEqual(['s5', 's6', 's7', 's8', 's9', 's10', 's11', 's12', 's13', 's14']);
  });
});

describe('resolveArgoIdentity', () => {
  const sim = () => new ArgoAppSimulator({ sources: [{ repoURL: 'https://github.com/acme/shop', path: '.' }] });
  const identity = (destination: Record<string, string>, context: Record<string, unknown> = {}, annotations?: Record<string, string>) => {
    const app = sim().app;
    app.spec.destination = destination;
    if (annotations) app.metadata.annotations = annotations;
    return resolveArgoIdentity(parseArgoNotification({ context, app }), 'default-instance');
  };

  it.each([
    ['a named cluster', { name: 'prod-eu', namespace: 'shop' }, 'prod-eu/shop'],
    ['in-cluster by name', { name: 'in-cluster', namespace: 'shop' }, 'default-instance/shop'],
    ['in-cluster by server', { server: 'https://kubernetes.default.svc', namespace: 'shop' }, 'default-instance/shop'],
    ['a remote server', { server: 'https://10.0.0.1:6443', namespace: 'shop' }, '10.0.0.1:6443/shop'],
    ['a destination without namespace', { name: 'prod-eu' }, 'prod-eu'],
  ])('scopes %s', (_case, destination, environmentId) => {
    expect(identity(destination).environmentId).toBe(environmentId);
  });

  it('uses the instance from the context, the URL as source, and the environment annotation', () => {
    const withUrl = identity({ server: 'https://kubernetes.default.svc', namespace: 'shop' }, { argocdUrl: 'https://argocd.example.com/', argocdInstance: 'prod' });
    expect(withUrl).toMatchObject({ instance: 'prod', source: 'https://argocd.example.com', serviceId: 'prod/argocd/shop', appUrl: 'https://argocd.example.com/applications/argocd/shop' });
    const relative = identity({ name: 'c1', namespace: 'shop' }, { argocdUrl: 'argocd.local' });
    expect(relative).toMatchObject({ source: '/argocd/default-instance', appUrl: undefined });
    expect(identity({ name: 'c1', namespace: 'shop' }, {}, { 'cdevents-bridge/environment': 'production' }).environmentId).toBe('production');
  });
});

describe('argoEventTime and isBeyondAgeBound', () => {
  const app = new ArgoAppSimulator({ sources: [{ repoURL: 'https://github.com/acme/shop', path: '.' }] }).deploy('sha1').app;
  const notification = parseArgoNotification({ event: 'deployed', timestamp: '2030-01-01T00:00:00Z', app });

  it('takes the app time, keys deployed by operation start and health transition', () => {
    const time = argoEventTime(notification, 'deployed', new Date());
    expect(time).toMatchObject({ timestamp: app.status.operationState.finishedAt.replace('Z', '.000Z'), fromApp: true });
    expect(time.dedupeKey).toBe(`${app.metadata.uid}#deployed#${time.occurrenceKey}#Healthy@${new Date(app.status.health.lastTransitionTime).toISOString()}`);
    expect(argoEventTime(notification, 'created', new Date()).timestamp).toBe(new Date(app.metadata.creationTimestamp).toISOString());
  });

  it('falls back to the body timestamp when the app has no time for the event', () => {
    expect(argoEventTime(notification, 'deleted', new Date())).toMatchObject({ timestamp: '2030-01-01T00:00:00.000Z', fromApp: false });
  });

  it('holds events back only beyond a configured bound; 0 (the default) is no bound at all', () => {
    const time = { timestamp: '2026-01-01T00:00:00.000Z', fromApp: true, occurrenceKey: 'k', dedupeKey: 'k' };
    expect(isBeyondAgeBound(time, new Date('2026-01-02T00:00:00Z'), 86_400)).toBe(false);
    expect(isBeyondAgeBound(time, new Date('2026-01-02T00:00:01Z'), 86_400)).toBe(true);
    expect(isBeyondAgeBound(time, new Date('2036-01-01T00:00:00Z'), 0)).toBe(false);
    expect(ageBoundStart(new Date('2026-01-02T00:00:00Z'), 86_400)).toBe('2026-01-01T00:00:00.000Z');
    expect(ageBoundStart(new Date('2026-01-02T00:00:00Z'), 0)).toBeUndefined();
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined members and keeps nulls', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], u: undefined, n: null })).toBe('{"a":[{"c":null,"d":2}],"b":1,"n":null}');
  });

  it('walks the deepest body the door lets through, and refuses deeper values with a RangeError', () => {
    const nest = (levels: number): unknown => (levels === 0 ? 'x' : { a: nest(levels - 1) });
    expect(canonicalJson(nest(MAX_JSON_NESTING_DEPTH))).toHaveLength(MAX_JSON_NESTING_DEPTH * 6 + 3);
    expect(() => canonicalJson(nest(MAX_CANONICAL_DEPTH + 1))).toThrow(new RangeError(`canonical JSON: value nested deeper than ${MAX_CANONICAL_DEPTH} levels`));
  });
});
