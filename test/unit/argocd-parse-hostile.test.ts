import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveArgoIdentity } from '../../lib/argocd/decide/argo-identity.js';
import { MAX_CANONICAL_DEPTH } from '../../lib/text/canonical-json.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { BadRequestError } from '../../lib/http/http-error.js';
import { MAX_JSON_NESTING_DEPTH } from '../../lib/http/json-nesting.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { argoFixtureNames, fixtureApplication, loadArgoFixture } from '../helpers/argocd-fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every string the generator injects carries this, so a message that repeats one is caught. */
const MARK = 'ZQX';

/** Key names the schema reads: mutations aim at them half of the time. */
const READ_KEYS = new Set([
  'event', 'timestamp', 'context', 'argocdUrl', 'argocdInstance', 'app', 'kind', 'metadata', 'name', 'namespace', 'uid',
  'creationTimestamp', 'deletionTimestamp', 'annotations', 'cdevents-bridge/environment', 'spec', 'project', 'destination',
  'server', 'source', 'sources', 'repoURL', 'chart', 'path', 'targetRevision', 'ref', 'status', 'sync', 'revision',
  'revisions', 'health', 'message', 'lastTransitionTime', 'operationState', 'phase', 'startedAt', 'finishedAt', 'operation',
  'initiatedBy', 'username', 'automated', 'syncResult', 'history', 'id', 'deployStartedAt', 'deployedAt', 'conditions',
  'type', 'reconciledAt',
]);

const BASES: Json[] = [
  ...argoFixtureNames().flatMap((name) => [loadArgoFixture(name), { event: 'deployed', app: fixtureApplication(name) }] as Json[]),
  new ArgoAppSimulator({ sources: [{ repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0', helm: { values: 'v' } }] })
    .deploy('1.0.0').body('deployed', { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod' }) as Json,
];

function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== 'object') return out;
  for (const [key, child] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(child, path, out);
  }
  return out;
}

const ALL_PATHS = BASES.map((base) => pathsOf(base));
const READ_PATHS = ALL_PATHS.map((paths) => paths.filter((path) => path.every((key) => typeof key === 'number' || READ_KEYS.has(key))));

/** Sets an own, enumerable property, as `JSON.parse` does even for `__proto__`. */
function put(target: Record<string | number, Json>, key: string | number, value: Json): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' ', '\r\n', '\ud800', 'a\udc00b', '%', '1', '2024', '2024-02-30T00:00:00Z', 'Jul 12 2024', 'https://x//', 'oci://'),
).map((value) => `${MARK}${value}`);
const hugeText = fc.integer({ min: 10_000, max: 300_000 }).map((length) => `${MARK}${'\n'.repeat(3)}${'é'.repeat(length)}`);
const keyName = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'app', 'uid', 'repoURL', '0'), fc.string({ maxLength: 6 }));

const { hostile } = fc.letrec<{ hostile: Json; leaf: Json; list: Json; record: Json }>((tie) => ({
  leaf: fc.oneof(
    fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.constant(1e308), fc.constant(-0),
    fc.constant(Number.POSITIVE_INFINITY), text, text, fc.oneof({ weight: 1, arbitrary: hugeText }, { weight: 9, arbitrary: text }),
  ),
  list: fc.array(tie('hostile'), { maxLength: 3 }),
  record: fc.array(fc.tuple(keyName, tie('hostile')), { maxLength: 3 }).map((entries) => {
    const record: Record<string, Json> = {};
    for (const [key, value] of entries) put(record, key, value);
    return record;
  }),
  hostile: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('leaf'), tie('list'), tie('record')),
}));

interface Mutation { readPath: boolean; pick: number; action: 'set' | 'delete' | 'add'; key: string; value: Json }

/** Replace the value at a path, delete it, or add a key to the object there. */
const mutation: fc.Arbitrary<Mutation> = fc.record({
  readPath: fc.boolean(), pick: fc.nat(), action: fc.constantFrom('set', 'delete', 'add'), key: keyName, value: hostile,
});

function mutate(body: Json, baseIndex: number, m: Mutation): void {
  const paths = m.readPath && READ_PATHS[baseIndex]!.length > 0 ? READ_PATHS[baseIndex]! : ALL_PATHS[baseIndex]!;
  const path = paths[m.pick % paths.length]!;
  let parent: any = body;
  for (const key of path.slice(0, -1)) parent = parent?.[key];
  if (parent === null || typeof parent !== 'object') return;
  const last = path.at(-1)!;
  if (m.action === 'delete') delete parent[last];
  else if (m.action === 'add' && parent[last] !== null && typeof parent[last] === 'object') put(parent[last], m.key, m.value);
  else put(parent, last, m.value);
}

describe('parseArgoNotification on hostile input', () => {
  it('returns or throws a BadRequestError that names fields, never the values', () => {
    fc.assert(
      fc.property(fc.nat(BASES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.option(hostile, { freq: 20, nil: undefined }), (baseIndex, mutations, replaceWhole) => {
        const body: Json = replaceWhole !== undefined ? replaceWhole : structuredClone(BASES[baseIndex]!);
        if (replaceWhole === undefined) for (const m of mutations) mutate(body, baseIndex, m);
        let parsed: ReturnType<typeof parseArgoNotification>;
        try {
          parsed = parseArgoNotification(body);
        } catch (error) {
          expect(error).toBeInstanceOf(BadRequestError);
          const { message } = error as Error;
          expect(message).toMatch(/^[\x20-\x7e]{1,2000}$/);
          expect(message).not.toContain(MARK);
          return;
        }
        expect(() => JSON.stringify(resolveArgoIdentity(parsed, 'argocd'))).not.toThrow();
        expect(({} as Record<string, unknown>).app).toBeUndefined();
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('reads a source whose Helm values nest as deep as the request door allows', () => {
    let values: Json = 'leaf';
    for (let depth = 0; depth < MAX_JSON_NESTING_DEPTH; depth++) values = { v: values };
    const body = loadArgoFixture('webhook-body_multisource-helm_first-deploy_synced-healthy.json');
    body.app.spec.sources[0].helm = { valuesObject: values };
    expect(parseArgoNotification(body).app.specSources[0]!.contentHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers a 400 naming the source, not a RangeError, for a source nested deeper than it hashes', () => {
    let values: Json = 'leaf';
    for (let depth = 0; depth < 5_000; depth++) values = { v: values };
    const body = loadArgoFixture('webhook-body_multisource-helm_first-deploy_synced-healthy.json');
    body.app.spec.sources[1].helm = { valuesObject: values };
    body.app.status.operationState.syncResult.source = { repoURL: 'https://x', deep: values };
    expect(() => parseArgoNotification(body)).toThrow(BadRequestError);
    expect(() => parseArgoNotification(body)).toThrow(
      `field 'app.spec.sources.1' nests deeper than ${MAX_CANONICAL_DEPTH} levels; field 'app.status.operationState.syncResult.source' nests deeper than ${MAX_CANONICAL_DEPTH} levels`,
    );
  });

  it('builds the app URL and the source of an app whose names hold lone surrogates', () => {
    const body = { event: 'deployed', context: { argocdUrl: `https://argocd.example.com${'/'.repeat(200_000)}` }, app: fixtureApplication('application_helm-chart_sync-failed_retried.yaml') };
    body.app.metadata.name = 'shop\ud800';
    const identity = resolveArgoIdentity(parseArgoNotification(body), 'prod\udc00');
    expect(identity.appUrl).toBe('https://argocd.example.com/applications/argocd/shop%EF%BF%BD');
    const withoutUrl = resolveArgoIdentity(parseArgoNotification({ ...body, context: {} }), 'prod\udc00');
    expect(withoutUrl.source).toBe('/argocd/prod%EF%BF%BD');
  });
});
