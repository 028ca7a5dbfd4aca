// `npm test` without the shared folder (../shared): the run stops before any test, with one
// message saying what the folder is and where it must be, instead of a hundred failures.
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

function runVitest(sharedDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/unit/request-line.test.ts'], {
      cwd: ROOT, env: { ...process.env, BRIDGE_SHARED_DIR: sharedDir, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

describe('a missing shared folder', () => {
  it('stops the run at once with one message naming what is missing and where it must be', async () => {
    const missing = join(ROOT, 'no-such-shared-folder');
    const { code, output } = await runVitest(missing);
    expect(code).toBe(1);
    expect(output).toContain(`cannot run the tests: ${missing} lacks cdevents-spec/ (the official CDEvents JSON schemas, per spec version) `
      + 'and fixtures/ (recorded Flux and Argo CD notification payloads). This shared folder is not part of the repository: '
      + 'place it beside the checkout, as ../shared.');
    expect(output).not.toMatch(/passed|✓|\n\s+at /);
  });

  it('lets the run go on when the folder is complete', async () => {
    const { code, output } = await runVitest('../shared');
    expect(code, output).toBe(0);
    expect(output).toMatch(/\d+ passed, 0 failed, 0 skipped/);
  });
});
