// `npm start` as a newcomer runs it, with the mistakes they make: each failure to start is one
// line on stderr naming the setting and the fix, without a stack trace, and exit code 1. And the
// per-request lines obey LOG_LEVEL.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/sample-notifications.js';
import { npmStartArguments } from '../helpers/npm-start-command.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Variables a developer's shell may export that would change what these runs test. */
const CLEARED = ['BRIDGE_TOKENS', 'BRIDGE_TOKEN_SECRET_ID', 'CDEVENTS_SINK_URL', 'CDEVENTS_EVENT_BUS', 'LOG_LEVEL', 'POWERTOOLS_LOG_LEVEL', 'HOST', 'PORT'];

interface Started { stderr: () => string; exit: Promise<number | null>; kill: () => void }

function startBridge(env: Record<string, string>): Started {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of CLEARED) delete childEnv[key];
  const child = spawn(process.execPath, npmStartArguments(ROOT), { cwd: ROOT, env: { ...childEnv, ...env } });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdout.resume();
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { stderr: () => stderr, exit, kill: () => child.kill('SIGTERM') };
}

/** Runs a start that must fail, bounded: it exits by itself or the test fails. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const started = startBridge(env);
  const timer = setTimeout(started.kill, 20_000);
  const code = await started.exit;
  clearTimeout(timer);
  return { code, stderr: started.stderr() };
}

function expectOneLine(result: { code: number | null; stderr: string }, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |Error:|node:internal/);
}

let occupier: Server;
let takenPort = 0;

beforeAll(async () => {
  occupier = createServer();
  await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
  takenPort = (occupier.address() as { port: number }).port;
});

afterAll(() => new Promise<void>((resolve) => occupier.close(() => resolve())));

describe.concurrent('npm start that cannot start', () => {
  it('names the port in use, PORT and the fix', async () => {
    const result = await failedStart({ PORT: String(takenPort) });
    expectOneLine(result, new RegExp(`^port ${takenPort} on 127\\.0\\.0\\.1 is already in use: stop the program using it, or set PORT to a free port \\(e\\.g\\. PORT=\\d+ npm start\\)$`));
  });

  it('names HOST when it is not an address of this machine', async () => {
    const result = await failedStart({ PORT: '0', HOST: '203.0.113.7' });
    expectOneLine(result, /^HOST=203\.0\.113\.7 is not an address of this machine: set HOST to 127\.0\.0\.1/);
  });

  it.each([
    [{ LOG_LEVEL: 'loud' }, /^configuration error: LOG_LEVEL must be one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT, in upper case \(got 'loud'\)$/],
    [{ CDEVENTS_SINK_MODE: 'foo' }, /^configuration error: CDEVENTS_SINK_MODE must be one of binary, structured \(got 'foo'\)$/],
    [{ PORT: '70000' }, /^configuration error: PORT must be an integer from 0 to 65535/],
    [{ BRIDGE_MAPPING_FILE: '/nonexistent/mapping.yaml' }, /^configuration error: BRIDGE_MAPPING_FILE cannot be read: ENOENT/],
  ])('stops on a bad setting, naming it: %o', async (env, pattern) => {
    expectOneLine(await failedStart({ PORT: '0', ...env }), pattern);
  });

  it('never echoes a token it refuses', async () => {
    const result = await failedStart({ PORT: '0', BRIDGE_TOKENS: 'short77' });
    expectOneLine(result, /^configuration error: BRIDGE_TOKENS: every token must be at least 8 characters$/);
    expect(result.stderr).not.toContain('short77');
  });
});

describe('npm start with LOG_LEVEL=WARN', () => {
  it('prints failures only', async () => {
    const started = startBridge({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'WARN' });
    try {
      const deadline = Date.now() + 20_000;
      while (!/listening on (\S+)/.test(started.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const baseUrl = started.stderr().match(/listening on (\S+)/)?.[1];
      expect(baseUrl, started.stderr()).toBeDefined();
      const post = (token: string) => fetch(`${baseUrl}/flux`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(SAMPLE_FLUX_EVENT),
      });
      expect((await post('local-dev-token')).status).toBe(202);
      expect((await post('not-the-token-1')).status).toBe(401);
      while (!/ 401 warning: /.test(started.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const lines = started.stderr().split('\n').filter((line) => /^\d\d:\d\d:\d\d /.test(line));
      expect(lines).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d POST \/flux 401 warning: invalid Authorization header/)]);
    } finally {
      started.kill();
    }
  });
});
