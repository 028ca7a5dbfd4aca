import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is test/helpers/shared-folder-setup.ts). */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The shared folder the tests read: `../shared` beside the checkout. `BRIDGE_SHARED_DIR` (relative
 * to the project root) overrides it for this check; the helpers that read the folder
 * (cdevents-schemas.ts, fuzz-fixtures.ts, bench) still use `../shared` until they call this too.
 */
export function sharedFolder(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(ROOT, env.BRIDGE_SHARED_DIR?.trim() || '../shared');
}

/** The sub-folders the tests cannot run without, and what each holds. */
const REQUIRED = [
  ['cdevents-spec', 'the official CDEvents JSON schemas, per spec version'],
  ['fixtures', 'recorded Flux and Argo CD notification payloads'],
] as const;

/**
 * Vitest global setup: stops the run before any test when the shared folder is incomplete, with
 * one message saying what it is and where it must be, instead of a hundred failures that each
 * name one missing file.
 */
export default function checkSharedFolder(): void {
  const root = sharedFolder();
  const missing = REQUIRED.filter(([name]) => !existsSync(resolve(root, name)));
  if (missing.length === 0) return;
  const what = missing.map(([name, content]) => `${name}/ (${content})`).join(' and ');
  const message = `cannot run the tests: ${root} lacks ${what}. This shared folder is not part of the `
    + 'repository: place it beside the checkout, as ../shared.';
  // Thrown, the error would come after vitest's "No test files found" and with this file's stack,
  // both misleading; the run stops here instead, with the message alone.
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}
