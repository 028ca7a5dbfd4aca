import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const PROBE = fileURLToPath(new URL('../helpers/post-garbage-probe.ts', import.meta.url));

describe('createKeepAliveFetch memory', () => {
  // With the PendingPost object as the abort listener, Node's EventTarget held it through a
  // closure made in its Listener constructor, and each POST's objects were promoted to the old
  // generation (~940 bytes a POST here, ~1.4 MB a scavenge under npm start); with a bound method,
  // ~85 bytes a POST.
  it('leaves next to no garbage of its POSTs for the old generation', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', '--import', 'tsx', PROBE], { timeout: 60_000 });
    const { posts, promotedGarbageBytes } = JSON.parse(stdout) as { posts: number; promotedGarbageBytes: number };
    expect(promotedGarbageBytes / posts).toBeLessThan(300);
  }, 70_000);
});
