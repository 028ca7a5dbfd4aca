import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CDEventKind } from '../../lib/cdevents/types.js';
import { CONTENT_BUILDERS } from '../../lib/flux/content-builders.js';
import { fluxContextId } from '../../lib/flux/event-ids.js';
import { fluxCustomData } from '../../lib/flux/flux-custom-data.js';
import { deriveFluxFacts } from '../../lib/flux/flux-facts.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { BadRequestError } from '../../lib/http/http-error.js';
import { DIGEST, fluxFixtureNames, loadFluxFixture } from '../helpers/flux-fixtures.js';

/** Every caller string carries this, so an echo in an error message is easy to spot. */
const MARK = 'Zq7Mk';
const MAPPINGS = [loadFluxMapping({ profile: 'semantic' }), loadFluxMapping({ profile: 'rfc' })];
const OPTIONS = { cluster: 'prod' };
const FIXTURES = fluxFixtureNames();
const BUILT_KINDS = Object.keys(CONTENT_BUILDERS) as CDEventKind[];
const SHA = 'a'.repeat(40);

/** Strings aimed at each parser downstream: revisions, chart and image messages, Git URLs, ids. */
const aimedText = fc.constantFrom(
  MARK, `${MARK}\ud800`, `\udc00${MARK}`, `${MARK}\udc00\ud800`, `${MARK}\r\nX-Injected: 1\r\n`, `${MARK}-東京-😀`,
  `${MARK}%zz%E6%%25`, `${MARK}\u0000\u2028\ufeff`, `main@sha1:${MARK}\ud800`, `${MARK}\ud800@sha256:${'b'.repeat(64)}`,
  `${MARK}\ud800/${SHA}`, `sha256:${MARK}`, `v1.2.3+${MARK}`, ` ${MARK} `, `https://github.com/${MARK}\ud800/r.git`,
  `git@github.com:${MARK}\udc00/r.git`, `ssh://[${MARK}]/x`, `oci://${MARK}\ud800/`, `ghcr.io/${MARK}\ud800:t\udc00@${DIGEST}`,
  `Helm upgrade succeeded for release a/b.v1 with chart ${MARK}\ud800@1.0.0\udc00: x`,
  `Latest image tag for ${MARK}\ud800 resolved to t\udc00 with digest ${DIGEST}`,
  `Helm install failed: ${MARK}`, `Reconciliation finished in 1s ${MARK}`, '2024-02-30T00:00:00Z', '',
);
const text = fc.oneof(
  { weight: 6, arbitrary: aimedText },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }).map((s) => `${MARK}${s}`) },
  { weight: 1, arbitrary: fc.integer({ min: 20_000, max: 50_000 }).map((n) => `${MARK}${'é\n'.repeat(n)}`) },
);
function nestedArray(depth: number): unknown {
  let value: unknown = MARK;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}
const hostileValue = fc.oneof(
  text, text, text,
  fc.constantFrom(null, true, false, 0, -0, 1e308, Number.POSITIVE_INFINITY, Number.NaN, 2 ** 64),
  fc.constantFrom([], [MARK], { [MARK]: MARK }, { revision: MARK }),
  fc.integer({ min: 1_000, max: 5_000 }).map(nestedArray),
);
const keyName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'revision', 'commit', 'originRevision', 'image',
    'oci-digest', 'repository', 'repoURL', 'cluster', 'env', 'environment', 'commit_status', 'uid', 'apiVersion',
    'event.toolkit.fluxcd.io/__proto__', 'event.toolkit.fluxcd.io/revision', 'kustomize.toolkit.fluxcd.io/revision',
    'helm.toolkit.fluxcd.io/token', `event.toolkit.fluxcd.io/${MARK}`, `${MARK}\ud800`, ''),
);

/** Every path of a fixture whose value is an object (where a key can be added) or a leaf. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
}

interface Mutation { pick: number; addKey: string | undefined; value: unknown }
const mutation = fc.record({ pick: fc.nat(), addKey: fc.option(keyName, { nil: undefined }), value: hostileValue });

/** Sets an own enumerable property, as `JSON.parse` does even for `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function mutate(body: Record<string, unknown>, { pick, addKey, value }: Mutation): unknown {
  const paths = pathsOf(body);
  const path = paths[pick % paths.length]!;
  if (path.length === 0 && addKey === undefined) return value;
  let target: Record<string, unknown> = body;
  for (const key of path.slice(0, addKey === undefined ? -1 : path.length)) {
    const inner = target[key];
    if (inner === null || typeof inner !== 'object') return body; // a leaf cannot take a new key
    target = inner as Record<string, unknown>;
  }
  setOwn(target, addKey ?? path[path.length - 1]!, value);
  return body;
}

/** Parse, map with each profile, and build one more content kind: drafts or ignored, or a clean 400. */
function runCase(body: unknown, extraKinds: readonly CDEventKind[]): void {
  let parsed: ReturnType<typeof parseFluxEvent>;
  try {
    parsed = parseFluxEvent(body);
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestError);
    const message = (error as Error).message;
    expect(message).not.toContain(MARK);
    expect(message.length).toBeLessThan(1_000);
    return;
  }
  for (const mapping of MAPPINGS) {
    const result = mapFluxEvent(parsed.event, mapping, OPTIONS);
    expect(result.drafts.length > 0 || typeof result.ignored === 'string').toBe(true);
    expect(typeof JSON.stringify(result.drafts)).toBe('string');
  }
  const facts = deriveFluxFacts(parsed.event, OPTIONS);
  for (const kind of extraKinds) {
    const built = CONTENT_BUILDERS[kind]!(facts);
    expect(built.subjectId).not.toBe('');
    expect(fluxContextId(facts, kind)).toMatch(/^[0-9a-f-]{36}$/);
  }
  expect(typeof JSON.stringify(fluxCustomData(facts))).toBe('string');
}

describe('Flux events with hostile values at any field', () => {
  it('give drafts, an ignore reason, or a 400 that repeats nothing sent (seeded)', () => {
    fc.assert(
      fc.property(fc.nat(FIXTURES.length - 1), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.constantFrom(...BUILT_KINDS), (index, mutations, kind) => {
        let body: unknown = loadFluxFixture(FIXTURES[index]!);
        for (const change of mutations) body = body !== null && typeof body === 'object' ? mutate(body as Record<string, unknown>, change) : body;
        runCase(body, [kind]);
      }),
      { seed: 11, numRuns: 1000 },
    );
  });

  it.each([
    ['a lone surrogate in a revision', { revision: 'main@sha1:\ud800' }],
    ['a lone surrogate in an OCI tag and an image', { revision: `\ud800@${DIGEST}`, image: `ghcr.io/a\udc00:t@${DIGEST}` }],
    ['a lone surrogate in a repository URL', { revision: `main@sha1:${SHA}`, repository: 'https://github.com/\ud800/r.git' }],
    ['a lone surrogate and CR/LF in the cluster', { cluster: 'prod-\ud800\r\nx', env: '\udc00' }],
  ])('maps %s without throwing; the surrogate reads as U+FFFD, as in Go', (_label, metadata) => {
    const body = { ...loadFluxFixture('kustomization-artifact-failed.json'), metadata };
    runCase(body, BUILT_KINDS);
    const wellFormed = Object.fromEntries(Object.entries(metadata).map(([key, value]) => [key, value.replace(/\p{Cs}/gu, '\uFFFD')]));
    expect({ ...parseFluxEvent(body).event.metadata }).toEqual(wellFormed);
  });
});
