import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/** `../shared/fixtures`, next to the project (the same root the tests read). */
const FIXTURES_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures');

/** A recorded body the fuzz starts from. */
export interface FuzzFixture {
  route: '/flux' | '/argocd';
  name: string;
  /** The body as a JSON value (mutations work on fresh copies). */
  value: Record<string, unknown>;
  /** The body as sent unmodified: the file's bytes for JSON fixtures. */
  text: string;
  /** A recorded excerpt rather than a whole event (`*partial*`): it need not be accepted as is. */
  partial: boolean;
}

/** One location in a JSON value: object keys and array indices from the root. */
export type FieldPath = readonly (string | number)[];

/**
 * Every Flux and Argo CD fixture. Argo CD Applications recorded as YAML are wrapped into the
 * notification body the bridge's template sends (`{timestamp, context, app}`; the event is
 * inferred), as `test/helpers/argocd-fixtures.ts` does.
 */
export function loadFuzzFixtures(): FuzzFixture[] {
  const fixtures: FuzzFixture[] = [];
  for (const [route, folder] of [['/flux', 'flux'], ['/argocd', 'argocd']] as const) {
    const dir = join(FIXTURES_ROOT, folder);
    for (const name of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      if (name.endsWith('.json')) fixtures.push({ route, name, value: JSON.parse(text), text, partial: name.includes('partial') });
      if (name.endsWith('.yaml')) {
        const value = { timestamp: '2026-01-01T00:00:00Z', context: { argocdUrl: 'https://argocd.example.com' }, app: parseYaml(text) };
        fixtures.push({ route, name, value, text: JSON.stringify(value), partial: false });
      }
    }
  }
  return fixtures;
}

/** Paths to every value inside `value` (not the root itself), depth first. */
export function fieldPaths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [index, item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => {
    const path = [...prefix, key];
    return [path, ...fieldPaths(item, path)];
  });
}

/** Paths to every object inside `value`, the root included. */
export function objectPaths(value: unknown): FieldPath[] {
  const isObject = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  return [[], ...fieldPaths(value)].filter((path) => isObject(valueAt(value, path)));
}

/** The value at `path`. */
export function valueAt(root: unknown, path: FieldPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** Sets the value at `path` (not the root) in place. */
export function setAt(root: unknown, path: FieldPath, value: unknown): void {
  const parent = valueAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
}
