import { safeParse } from 'valibot';
import { describe, expect, it } from 'vitest';
import { type CheckedFluxEvent, fluxEventSchema } from '../../lib/flux/flux-event-schema.js';
import { readPlainFluxEvent } from '../../lib/flux/plain-flux-event.js';
import { isJsonObject } from '../../lib/validation/json-type.js';
import { loadFuzzFixtures } from '../fuzz/fuzz-fixtures.js';
import { generateCase } from '../fuzz/generate-case.js';
import { fluxFixtureNames, loadFluxFixture } from '../helpers/flux-fixtures.js';

/** Every Flux fixture and thousands of fuzzed bodies (hostile values, wrong types, nulls, truncations), parsed. */
function bodies(): Record<string, unknown>[] {
  const fixtures = loadFuzzFixtures();
  const parsed: Record<string, unknown>[] = fluxFixtureNames().map(loadFluxFixture);
  for (let index = 0; index < 6_000; index++) {
    const fuzzCase = generateCase(11, index, { fixtures, token: 'plain-flux-token', maxBodyBytes: 1_048_576 });
    if (fuzzCase.route !== '/flux') continue;
    try {
      const value: unknown = JSON.parse(fuzzCase.body.toString('utf8'));
      if (isJsonObject(value)) parsed.push(value);
    } catch {
      // not JSON: the door rejects it before any schema
    }
  }
  return parsed;
}

describe('readPlainFluxEvent', () => {
  const all = bodies();

  it('gives what the schema gives whenever it reads a body, and leaves every body the schema rejects to it', () => {
    let read = 0;
    for (const body of all) {
      const plain = readPlainFluxEvent(body);
      const checked = safeParse(fluxEventSchema, body);
      if (plain === undefined) continue;
      read++;
      expect(checked.success).toBe(true);
      const output = checked.output as CheckedFluxEvent;
      expect(plain).toEqual(output);
      expect(Object.getPrototypeOf(plain.metadata)).toBe(Object.getPrototypeOf(output.metadata));
      expect({ ...plain.metadata }).toStrictEqual({ ...output.metadata });
    }
    expect(read).toBeGreaterThan(all.length / 4);
  });

  it('reads every recorded Flux event that has all its fields', () => {
    for (const name of fluxFixtureNames().filter((file) => !file.includes('partial'))) {
      const body = loadFluxFixture(name);
      if (safeParse(fluxEventSchema, body).success && body.message !== null) expect(readPlainFluxEvent(body), name).toBeDefined();
    }
  });

  it('leaves null fields, lone surrogates in the time and over-long names to the schema', () => {
    const base = loadFluxFixture('kustomization-artifact-failed.json');
    expect(readPlainFluxEvent({ ...base, message: null })).toBeUndefined();
    expect(readPlainFluxEvent({ ...base, timestamp: '2024-07-12T08:54:33Z\ud800' })).toBeUndefined();
    expect(readPlainFluxEvent({ ...base, involvedObject: { ...(base.involvedObject as object), namespace: 'n'.repeat(64) } })).toBeUndefined();
    expect(readPlainFluxEvent({ ...base, metadata: { revision: 1 } })).toBeUndefined();
  });

  it('turns lone surrogates into U+FFFD as the schema does', () => {
    const base = loadFluxFixture('kustomization-artifact-failed.json');
    const body = { ...base, reason: 'Bad\ud800', metadata: { 'k\udc00': 'v\ud800' } };
    const plain = readPlainFluxEvent(body);
    expect(plain?.reason).toBe('Bad\ufffd');
    expect({ ...plain?.metadata }).toEqual({ 'k\ufffd': 'v\ufffd' });
  });
});
