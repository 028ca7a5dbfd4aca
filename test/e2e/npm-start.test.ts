import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/startup-banner.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
let child: ChildProcessWithoutNullStreams;
let stdout = '';
let stderr = '';
let baseUrl = '';

/** Waits (bounded) until the output matches. */
async function waitFor(read: () => string, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = read().match(pattern);
    if (match) return match;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${pattern}; stderr:\n${stderr}`);
}

beforeAll(async () => {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1' };
  for (const key of ['BRIDGE_TOKENS', 'BRIDGE_TOKEN_SECRET_ID', 'CDEVENTS_SINK_URL', 'CDEVENTS_EVENT_BUS', 'LOG_LEVEL']) delete env[key];
  child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lib/local/start.ts'], { cwd: ROOT, env });
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  baseUrl = (await waitFor(() => stderr, /listening on (http:\/\/127\.0\.0\.1:\d+)/))[1]!;
});

afterAll(() => {
  child?.kill('SIGTERM');
});

describe('npm start', () => {
  it('prints the routes, the sink in use and a curl example with the local token', () => {
    expect(stderr).toContain('POST ' + baseUrl + '/flux');
    expect(stderr).toContain('POST ' + baseUrl + '/argocd');
    expect(stderr).toContain('standard output');
    expect(stderr).toContain("-H 'Authorization: Bearer local-dev-token'");
  });

  it('answers the health check', async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok' });
  });

  it('turns the printed sample into a CloudEvent line on standard output', async () => {
    const response = await fetch(`${baseUrl}/flux`, {
      method: 'POST',
      headers: { authorization: 'Bearer local-dev-token', 'content-type': 'application/json' },
      body: JSON.stringify(SAMPLE_FLUX_EVENT),
    });
    expect(response.status).toBe(202);
    const line = (await waitFor(() => stdout, /^\{.*"specversion":"1\.0".*\}$/m))[0];
    const cloudEvent = JSON.parse(line) as { type: string; data: CDEvent; subject: string };
    expect(cloudEvent.type).toBe('dev.cdevents.service.upgraded.0.3.0');
    expect(cloudEvent.subject).toBe(cloudEvent.data.subject.id);
    assertValidCDEvent(cloudEvent.data);
  });

  it('rejects a request without the token', async () => {
    const response = await fetch(`${baseUrl}/flux`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });
});
