import { safeParse } from 'valibot';
import { describe, expect, it } from 'vitest';
import { historyEntrySchema, SOURCES_FIELDS } from '../../lib/argocd/parse/argo-source-schema.js';
import { fastHistoryEntry, fastSingleSource, fastSourceItem } from '../../lib/argocd/parse/fast-history-entry.js';
import { MISS } from '../../lib/argocd/parse/fast-path.js';
import { ParsedSource } from '../../lib/argocd/parse/parsed-source.js';
import { toIsoTimestamp } from '../../lib/validation/rfc3339.js';
import { canonicalHash } from '../../lib/text/canonical-json.js';
import { fingerprintOf, priorHistoryFingerprints } from '../../lib/argocd/decide/deployment-fingerprint.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { fastNotification } from '../../lib/argocd/parse/fast-notification.js';
import { argoFixtureNames, fixtureApplication } from '../helpers/argocd-fixtures.js';

/**
 * The same value with every object made prototype-less: the fast paths leave such objects to
 * valibot (see `isPlainObject`), and valibot reads them like plain ones. So parsing both shows
 * that the fast path outputs what the schema outputs.
 */
function viaSchemaOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(viaSchemaOnly);
  if (value === null || typeof value !== 'object') return value;
  return Object.assign(Object.create(null), Object.fromEntries(Object.entries(value).map(([k, v]) => [k, viaSchemaOnly(v)])));
}

/** The value with every parsed source as a plain object that holds its `contentHash` (read through its getter). */
function withHashes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withHashes);
  if (value instanceof ParsedSource) return { ...value, contentHash: value.contentHash };
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withHashes(v)]));
}

function expectSameAsSchema(schema: Parameters<typeof safeParse>[0], value: unknown): void {
  const fast = safeParse(schema, value);
  const slow = safeParse(schema, viaSchemaOnly(value));
  expect(fast.success).toBe(slow.success);
  if (fast.success) {
    expect(fast.output).toStrictEqual(slow.output);
    expect(withHashes(fast.output)).toStrictEqual(withHashes(slow.output));
  }
  else expect(fast.issues.map((i) => i.message)).toEqual(slow.issues?.map((i) => i.message));
}

const helmSource = { repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0', helm: { values: 'a: 1', parameters: [{ name: 'x', value: 'y' }] } };
const gitSource = { repoURL: 'https://github.com/acme/values', ref: 'values', targetRevision: 'HEAD', path: null };

const entries: Record<string, unknown>[] = [
  { id: 3, revision: 'abc', deployStartedAt: '2025-08-14T12:19:17Z', deployedAt: '2025-08-14T12:19:21.123Z', initiatedBy: { automated: true }, source: { ...gitSource, ref: '' } },
  { id: 4, revisions: ['1.0.0', 'def'], source: { repoURL: '' }, sources: [helmSource, gitSource], initiatedBy: { username: 'admin' } },
  { revision: '', revisions: null, sources: null, source: null, id: null, deployedAt: '', initiatedBy: null },
  { deployStartedAt: '2025-08-14t12:19:17z', deployedAt: '2025-08-14T14:19:21+02:00', initiatedBy: { username: '', automated: 'yes' } },
  { deployedAt: '2025-08-14T12:19:21.5Z', initiatedBy: {} },
  {},
];

const invalid: unknown[] = [
  { deployedAt: '2024-02-30T00:00:00Z' }, { id: Number.POSITIVE_INFINITY }, { revisions: [1] }, { sources: [{ repoURL: '' }] },
  { source: { repoURL: 5 } }, { initiatedBy: { username: 5 } }, { initiatedBy: [] }, [], 'entry', null,
];

describe('the fast paths of the Argo CD schemas', () => {
  it('output exactly what the history entry schema outputs', () => {
    for (const entry of entries) {
      expect(fastHistoryEntry(entry)).not.toBe(MISS);
      expectSameAsSchema(historyEntrySchema, entry);
    }
  });

  it('leave invalid entries to the schema, which reports them', () => {
    for (const entry of invalid) {
      expect(fastHistoryEntry(entry)).toBe(MISS);
      expectSameAsSchema(historyEntrySchema, entry);
    }
  });

  it('read sources as the source schemas do, and leave keys valibot never copies to them', () => {
    for (const source of [helmSource, gitSource, { repoURL: 'x', extra: { deep: [1, { b: null }] } }]) {
      expect(fastSourceItem(source)).not.toBe(MISS);
      expectSameAsSchema(SOURCES_FIELDS.sources, [source]);
      expectSameAsSchema(SOURCES_FIELDS.source, source);
    }
    expect(fastSingleSource({ repoURL: '' })).toBeUndefined();
    expect(fastSingleSource(null)).toBeNull();
    expect(fastSourceItem({ repoURL: '' })).toBe(MISS);
    const withConstructor = JSON.parse('{"repoURL":"x","constructor":"y"}');
    expect(fastSourceItem(withConstructor)).toBe(MISS);
    expectSameAsSchema(SOURCES_FIELDS.sources, [withConstructor]);
  });

  it('parse every recorded Application as the schema alone does', () => {
    for (const name of argoFixtureNames()) {
      const app = fixtureApplication(name);
      const fast = parseArgoNotification({ app });
      const slow = parseArgoNotification({ app: viaSchemaOnly(app) });
      expect(fast).toStrictEqual(slow);
      expect(withHashes(fast)).toStrictEqual(withHashes(slow));
    }
  });
});

describe('the fast path of the notification schema', () => {
  const app = fixtureApplication('webhook-body_multisource-helm_first-deploy_synced-healthy.json');
  const wrappers: Record<string, unknown>[] = [
    { event: 'deployed', timestamp: '2025-10-02T16:06:22.773035Z', context: { argocdUrl: 'https://argocd.example.com/', argocdInstance: ' prod ' } },
    { event: null, timestamp: null, context: null },
    { event: 'health-degraded', context: { argocdUrl: '', argocdInstance: '   ' }, extra: [1, 2] },
    { timestamp: '2025-10-02t16:06:22+02:00', context: {} },
  ];
  const invalid: Record<string, unknown>[] = [
    { event: 'unknown-event' }, { event: '' }, { event: 5 }, { timestamp: 'yesterday' }, { context: [] }, { context: { argocdUrl: 5 } },
    { context: { argocdInstance: true } }, { context: 'x' },
  ];

  it('outputs exactly what the schema alone outputs, or leaves the body to it', () => {
    for (const wrapper of wrappers) {
      const body = { ...wrapper, app };
      expect(fastNotification(body)).not.toBe(MISS);
      expect(withHashes(parseArgoNotification(body))).toStrictEqual(withHashes(parseArgoNotification(viaSchemaOnly(body))));
    }
    for (const wrapper of invalid) {
      const body = { ...wrapper, app };
      expect(fastNotification(body)).toBe(MISS);
      expect(() => parseArgoNotification(body)).toThrow();
      const messages = (body: unknown) => { try { parseArgoNotification(body); return ''; } catch (error) { return (error as Error).message; } };
      expect(messages(body)).toBe(messages(viaSchemaOnly(body)));
    }
    // A bare Application, and a body without one, are the schema's.
    expect(fastNotification(app)).toBe(MISS);
    expect(fastNotification({ event: 'deployed' })).toBe(MISS);
  });
});

describe('toIsoTimestamp', () => {
  it('equals toISOString() of the date for every RFC 3339 form', () => {
    for (const text of [
      '2024-07-12T08:56:37Z', '2024-07-12T08:56:37.123Z', '0000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '2024-02-29T00:00:00Z',
      '2024-07-12t08:56:37z', '2024-07-12T08:56:37.1Z', '2024-07-12T08:56:37.123456Z', '2024-07-12T08:56:37+02:00', '2024-07-12T08:56:37.123-00:30',
    ]) expect(toIsoTimestamp(text)).toBe(new Date(text).toISOString());
  });
});

describe('priorHistoryFingerprints', () => {
  it('gives each earlier entry the fingerprint fingerprintOf gives it, hashed when read', () => {
    const app = parseArgoNotification({ app: fixtureApplication('webhook-body_single-source-git_upgrade_synced-healthy_history-limit-10.json') }).app;
    const prior = priorHistoryFingerprints(app);
    expect(prior).toHaveLength(app.history.length - 1);
    prior.forEach((fingerprint, index) => {
      const entry = app.history[index]!;
      const eager = fingerprintOf(entry.sources.length > 0 ? entry : { ...entry, sources: app.specSources });
      const { revisions, sourcesHash, helmChart, helmVersion } = fingerprint;
      expect({ fingerprint: fingerprint.fingerprint, revisions, sourcesHash, helmChart, helmVersion }).toEqual(eager);
    });
  });
});

describe('ParsedSource', () => {
  it('hashes its raw source when first read, once, as the schema hashes it', () => {
    const raw = { repoURL: 'ghcr.io/acme/charts', chart: 'shop', helm: { values: 'a: 1' } };
    const lazy = new ParsedSource({ repoURL: raw.repoURL, chart: raw.chart }, raw);
    expect(Object.keys(lazy)).toEqual(['repoURL', 'chart', 'path', 'targetRevision', 'ref']);
    const hash = canonicalHash(raw);
    expect(lazy.contentHash).toBe(hash);
    // Read once: the raw source is dropped, so a later change to it changes nothing.
    raw.helm.values = 'changed';
    expect(lazy.contentHash).toBe(hash);
    expect(new ParsedSource({ repoURL: 'x' }, undefined, 'given').contentHash).toBe('given');
  });
});
