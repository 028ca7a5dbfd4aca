import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_FLUX_EVENT } from '../../lib/local/sample-notifications.js';
import { startCloudEventsReceiver, type CloudEventsReceiver } from '../helpers/cloudevents-receiver.js';
import { waitFor } from '../helpers/local-outbox.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
let child: ChildProcessWithoutNullStreams;
let stderr = '';
let baseUrl = '';
let receiver: CloudEventsReceiver;

beforeAll(async () => {
  receiver = await startCloudEventsReceiver();
  receiver.setDefaultResponse('down');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', CDEVENTS_SINK_URL: receiver.url };
  for (const key of ['BRIDGE_TOKENS', 'BRIDGE_TOKEN_SECRET_ID', 'CDEVENTS_EVENT_BUS', 'LOG_LEVEL', 'BRIDGE_OUTBOX', 'BRIDGE_OUTBOX_QUEUE_URL']) delete env[key];
  child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'lib/local/start.ts'], { cwd: ROOT, env });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  await waitFor(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.test(stderr), 20_000);
  baseUrl = stderr.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)![1]!;
});

afterAll(async () => {
  child?.kill('SIGTERM');
  await receiver?.close();
});

describe('npm start with its embedded outbox', () => {
  it('says where undelivered events wait', () => {
    expect(stderr).toContain('outbox: what a sink has not taken after 2000 ms (BRIDGE_DELIVERY_TIMEOUT_MS) waits in an in-memory queue in this process (lost when it stops), redelivered at most 10 s apart');
  });

  it('holds an event while the sink is down and delivers it within 30 s of the sink coming back', { timeout: 60_000 }, async () => {
    const response = await fetch(`${baseUrl}/flux`, {
      method: 'POST', body: JSON.stringify(SAMPLE_FLUX_EVENT),
      headers: { authorization: 'Bearer local-dev-token', 'content-type': 'application/json' },
    });
    const json = await response.json() as { events: { id: string }[]; queued: { id: string; sink: string }[] };
    expect(response.status).toBe(202);
    expect(json.queued).toEqual([{ id: json.events[0]!.id, sink: 'http' }]);
    await waitFor(() => /POST \/flux 202 service\.upgraded \S+ \(1 held in the outbox/.test(stderr));
    // Let the redrive fail at least once against the dead sink, then bring the sink back.
    await waitFor(() => receiver.requests.length >= 2, 20_000);
    receiver.setDefaultResponse(202);
    await waitFor(() => receiver.received.length === 1, 30_000);
    expect(receiver.received[0]!.event.id).toBe(json.events[0]!.id);
  });
});
