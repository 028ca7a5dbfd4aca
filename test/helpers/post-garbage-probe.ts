// Run with `node --expose-gc --import tsx`: POSTs 5,000 bodies one after another over loopback
// through createKeepAliveFetch with one abort signal, and prints as JSON how many bytes of the old
// generation a full collection then frees: garbage that young-generation collections promoted.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getHeapSpaceStatistics } from 'node:v8';
import { createKeepAliveFetch } from '../../lib/sinks/keep-alive-fetch.js';

const POSTS = 5_000;
const collect = (globalThis as { gc?: () => void }).gc;
if (!collect) throw new Error('run with --expose-gc');
const oldSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')?.space_used_size ?? 0;

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(202, { 'content-length': '0' }).end());
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
const post = createKeepAliveFetch();
const controller = new AbortController();
const body = JSON.stringify({ data: 'x'.repeat(2_000) });
collect();
for (let i = 0; i < POSTS; i++) {
  const response = await post(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: controller.signal });
  await response.body?.cancel();
}
const before = oldSpaceUsed();
collect();
process.stdout.write(`${JSON.stringify({ posts: POSTS, promotedGarbageBytes: before - oldSpaceUsed() })}\n`);
post.close();
server.close();
