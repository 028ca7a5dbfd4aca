// Runs a bundled handler in a fresh `node` process, as Lambda would (benchmark, not a test).
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { OUT_DIR } from './bundle.js';

/**
 * The child: plain Node (no tsx), imports the bundle, calls the handler `BENCH_EVENTS` times with
 * API Gateway v2 events, then writes its timings and peak RSS to `BENCH_RESULT`. A body holding
 * `BENCH_UID` gets a fresh uid per event (Argo CD dedupes). Standard output goes nowhere.
 */
const CHILD_SCRIPT = `
import { readFileSync, writeFileSync } from 'node:fs';
const e = process.env;
const t0 = performance.now();
const { handler } = await import(e.BENCH_BUNDLE);
const importMs = performance.now() - t0;
const template = readFileSync(e.BENCH_BODY, 'utf8');
const route = e.BENCH_ROUTE;
const headers = { authorization: 'Bearer bench-token', 'content-type': 'application/json' };
const event = (i) => {
  const body = e.BENCH_UID ? template.replaceAll(e.BENCH_UID, e.BENCH_UID.slice(0, 24) + String(i).padStart(12, '0')) : template;
  return { version: '2.0', routeKey: 'POST /' + route, rawPath: '/' + route, rawQueryString: '', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    requestContext: { http: { method: 'POST', path: '/' + route, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: 'bench-' + i, routeKey: 'POST /' + route, stage: '$default', timeEpoch: Date.now() },
    body, isBase64Encoded: false };
};
const context = (i) => { const end = Date.now() + 15000; return { functionName: route, awsRequestId: 'bench-' + i, memoryLimitInMB: '128', getRemainingTimeInMillis: () => end - Date.now() }; };
const statuses = {};
let firstEventMs = 0;
const t1 = performance.now();
for (let i = 0; i < Number(e.BENCH_EVENTS); i += 1) {
  const result = await handler(event(i), context(i));
  statuses[result.statusCode] = (statuses[result.statusCode] ?? 0) + 1;
  if (i === 0) firstEventMs = performance.now() - t1;
}
const loopMs = performance.now() - t1;
writeFileSync(e.BENCH_RESULT, JSON.stringify({ importMs, firstEventMs, loopMs, statuses, peakRssMiB: process.resourceUsage().maxRSS / 1024, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
process.exit(0);
`;

/** What one child reported. */
export interface ChildResult {
  importMs: number;
  firstEventMs: number;
  loopMs: number;
  statuses: Record<string, number>;
  peakRssMiB: number;
  cpuMs: number;
}

let sequence = 0;

/** Runs the child once; `env` adds the handler's variables. */
export async function runChild(options: { bundle: string; route: string; bodyFile: string; uid?: string; events: number; env: Record<string, string>; timeoutMs: number; nodeArgs?: string[] }): Promise<ChildResult> {
  sequence += 1;
  const resultFile = path.join(OUT_DIR, `child-${process.pid}-${sequence}.json`);
  const env = {
    PATH: process.env.PATH ?? '', ...options.env, BENCH_BUNDLE: pathToFileURL(options.bundle).href, BENCH_ROUTE: options.route,
    BENCH_BODY: options.bodyFile, BENCH_UID: options.uid ?? '', BENCH_EVENTS: String(options.events), BENCH_RESULT: resultFile,
  };
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--input-type=module', '-e', CHILD_SCRIPT], { env, stdio: ['ignore', 'ignore', 'pipe'], timeout: options.timeoutMs });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr = (stderr + chunk).slice(-4000); });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`bench child for ${path.basename(options.bundle)} exited with ${code ?? signal}\n${stderr}`))));
  });
  const result = JSON.parse(await readFile(resultFile, 'utf8')) as ChildResult;
  await rm(resultFile, { force: true });
  return result;
}
