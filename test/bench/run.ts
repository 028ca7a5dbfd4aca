// Benchmark (not a test): `npm run bench`.
// 1. Bundles both handlers with the esbuild options of serverless.yml; reports raw and gzip bytes and the
//    median cold import() time over fresh child processes.
// 2. Invokes each bundled handler, in its own child process, with API Gateway v2 events against a
//    CloudEvents receiver on 127.0.0.1; reports per-event latency percentiles, events/s and memory.
// Results also go to .tmp/bench.json. Loopback only; every loop and child process is bounded.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { build, type BuildOptions } from 'esbuild';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT_DIR = path.join(ROOT, '.tmp/bench');
const FIXTURES = path.resolve(ROOT, '../shared/fixtures');
const COLD_RUNS = 7;
const EVENTS = 2_000;
const WARMUP = 20;
const TIME_BUDGET_MS = 60_000; // per function; the loop stops early rather than run unbounded
const CHILD_TIMEOUT_MS = 30_000;
const TOKEN = 'bench-token';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type FunctionName = 'flux' | 'argocd';

/** Variables the handlers read at module load. Secrets Manager and EventBridge stay off (no AWS). */
function handlerEnv(sinkUrl: string): Record<string, string> {
  return {
    BRIDGE_TOKENS: TOKEN,
    CDEVENTS_SINK_URL: sinkUrl,
    CDEVENTS_SINK_MODE: 'binary',
    BRIDGE_CLUSTER: 'bench',
    ARGOCD_REPLAY_WINDOW_SECONDS: '0', // the fixtures are old; 0 turns the staleness check off
    LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
const UNSET = ['BRIDGE_TOKEN_SECRET_ID', 'CDEVENTS_EVENT_BUS', 'CDEVENTS_SINK_TOKEN_SECRET_ID', 'ARGOCD_STATE_TABLE'];

/** The serverless-esbuild options from serverless.yml, translated to esbuild's. */
function esbuildOptions(): BuildOptions {
  const yml = parseYaml(readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8'), { logLevel: 'error' });
  const o = yml.custom.esbuild;
  return {
    bundle: o.bundle,
    minify: o.minify,
    sourcemap: o.sourcemap,
    keepNames: o.keepNames,
    target: o.target,
    platform: o.platform,
    format: o.format,
    banner: o.banner,
    external: o.exclude ?? [],
    outExtension: { '.js': o.outputFileExtension },
    logLevel: 'error',
  };
}

async function bundle(name: FunctionName): Promise<{ file: string; bytes: number; gzipBytes: number; buildMs: number }> {
  const started = performance.now();
  const result = await build({
    ...esbuildOptions(),
    entryPoints: [path.join(ROOT, `functions/${name}.ts`)],
    outdir: OUT_DIR,
    write: false,
  });
  const buildMs = performance.now() - started;
  const output = result.outputFiles.find((f) => f.path.endsWith('.mjs'));
  if (!output) throw new Error(`esbuild wrote no .mjs for ${name}`);
  await writeFile(output.path, output.contents);
  return { file: output.path, bytes: output.contents.length, gzipBytes: gzipSync(output.contents).length, buildMs };
}

/** Median of COLD_RUNS fresh processes, each timing only its own import() of the bundle. */
async function coldImport(file: string): Promise<{ medianMs: number; minMs: number; maxMs: number }> {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log(performance.now() - t);`;
  const env = { ...withoutAws(process.env), ...handlerEnv('http://127.0.0.1:9/') };
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i += 1) {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { env, timeout: CHILD_TIMEOUT_MS }, (error, out, err) =>
        error ? reject(new Error(`cold import failed: ${error.message}\n${err}`)) : resolve(out));
    });
    times.push(Number(stdout.trim().split('\n').at(-1)));
  }
  const sorted = times.sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)]!, minMs: sorted[0]!, maxMs: sorted.at(-1)! };
}

function withoutAws(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('AWS_') && !UNSET.includes(key)));
}

/** A CloudEvents receiver that accepts everything with 202 and counts what it got. */
async function startReceiver(): Promise<{ url: string; received: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (req.headers['ce-id'] || String(req.headers['content-type']).startsWith('application/cloudevents')) count += 1;
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    received: () => count,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

function apiGatewayEvent(name: FunctionName, body: string): APIGatewayProxyEventV2 {
  const now = new Date();
  return {
    version: '2.0',
    routeKey: `POST /${name}`,
    rawPath: `/${name}`,
    rawQueryString: '',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': name === 'flux' ? 'Go-http-client/1.1' : 'argocd-notifications',
    },
    requestContext: {
      accountId: 'bench', apiId: 'bench', domainName: '127.0.0.1', domainPrefix: 'bench',
      http: { method: 'POST', path: `/${name}`, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: `bench-${now.getTime()}-${Math.random().toString(36).slice(2)}`,
      routeKey: `POST /${name}`, stage: '$default', time: now.toISOString(), timeEpoch: now.getTime(),
    },
    body,
    isBase64Encoded: false,
  };
}

function lambdaContext(name: string): Context {
  const deadline = Date.now() + 15_000;
  return {
    callbackWaitsForEmptyEventLoop: false, functionName: name, functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`, memoryLimitInMB: '256',
    awsRequestId: `bench-${Math.random().toString(36).slice(2)}`, logGroupName: `/bench/${name}`, logStreamName: 'bench',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined, fail: () => undefined, succeed: () => undefined,
  };
}

/** Flux bodies are stateless: the same fixture every time. */
function fluxBodies(): (i: number) => string {
  const body = readFileSync(path.join(FIXTURES, 'flux/kustomization-artifact-failed.json'), 'utf8');
  return () => body;
}

/**
 * Argo CD dedupes by app uid and operation, so each body gets its own uid: every event is a first
 * deployment (service.deployed), which exercises delivery rather than dedupe. State is in memory.
 */
function argocdBodies(): (i: number) => string {
  const raw = readFileSync(path.join(FIXTURES, 'argocd/webhook-body_multisource-helm_first-deploy_synced-healthy.json'), 'utf8');
  const parsed = JSON.parse(raw) as { app: { metadata: { uid: string } } };
  const uid = parsed.app.metadata.uid;
  return (i) => {
    parsed.app.metadata.uid = `${uid.slice(0, 24)}${String(i).padStart(12, '0')}`;
    return JSON.stringify(parsed);
  };
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function throughput(name: FunctionName, file: string, bodyFor: (i: number) => string, receiver: Awaited<ReturnType<typeof startReceiver>>) {
  for (const key of UNSET) delete process.env[key];
  Object.assign(process.env, handlerEnv(receiver.url));
  const before = process.memoryUsage();
  const { handler } = (await import(pathToFileURL(file).href)) as { handler: Handler };
  const statuses = new Map<number, number>();
  const invoke = async (i: number): Promise<number> => {
    const started = performance.now();
    const result = await handler(apiGatewayEvent(name, bodyFor(i)), lambdaContext(name));
    const ms = performance.now() - started;
    statuses.set(result.statusCode ?? 0, (statuses.get(result.statusCode ?? 0) ?? 0) + 1);
    return ms;
  };
  const firstCallMs = await invoke(0);
  for (let i = 1; i < WARMUP; i += 1) await invoke(i);
  const receivedBefore = receiver.received();
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = WARMUP; i < WARMUP + EVENTS && performance.now() - started < TIME_BUDGET_MS; i += 1) {
    latencies.push(await invoke(i));
  }
  const elapsedMs = performance.now() - started;
  const after = process.memoryUsage();
  (globalThis as { gc?: () => void }).gc?.(); // the worker runs with --expose-gc: what stays after a full GC
  const afterGc = process.memoryUsage();
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    events: latencies.length,
    firstCallMs: round(firstCallMs),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    eventsPerSecond: Math.round(latencies.length / (elapsedMs / 1000)),
    cloudEventsPerEvent: round((receiver.received() - receivedBefore) / latencies.length),
    statusCodes: Object.fromEntries(statuses),
    memoryMiB: {
      rssBefore: mib(before.rss), rssAfter: mib(after.rss),
      heapUsedBefore: mib(before.heapUsed), heapUsedAfter: mib(after.heapUsed),
      rssAfterGc: mib(afterGc.rss), heapUsedAfterGc: mib(afterGc.heapUsed),
    },
  };
}

const RESULT_MARKER = 'BENCH_RESULT ';
const BODIES: Record<FunctionName, () => (i: number) => string> = { flux: fluxBodies, argocd: argocdBodies };

/** Child mode: one function's invoke loop in a fresh process, so memory numbers are its own. */
async function worker(name: FunctionName, file: string): Promise<void> {
  const receiver = await startReceiver();
  try {
    const result = await throughput(name, file, BODIES[name](), receiver);
    process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
  } finally {
    await receiver.close();
  }
}

/** Runs this script again (same tsx loader) as a worker for one function and returns its result. */
function runWorker(name: FunctionName, file: string): Promise<Awaited<ReturnType<typeof throughput>>> {
  const args = [...process.execArgv, '--expose-gc', fileURLToPath(import.meta.url), '--worker', name, file];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { env: withoutAws(process.env), timeout: TIME_BUDGET_MS * 2, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const line = stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_MARKER));
      if (error || !line) reject(new Error(`${name} worker failed: ${error?.message ?? 'no result'}\n${stderr.slice(-4000)}`));
      else resolve(JSON.parse(line.slice(RESULT_MARKER.length)));
    });
  });
}

async function main(): Promise<void> {
  await mkdir(OUT_DIR, { recursive: true });
  const names: FunctionName[] = ['flux', 'argocd'];
  const bundles = Object.fromEntries(await Promise.all(names.map(async (name) => [name, await bundle(name)] as const)));
  const cold: Record<string, Awaited<ReturnType<typeof coldImport>>> = {};
  const runs: Record<string, Awaited<ReturnType<typeof throughput>>> = {};
  for (const name of names) {
    cold[name] = await coldImport(bundles[name]!.file);
    runs[name] = await runWorker(name, bundles[name]!.file);
  }

  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    settings: { coldRuns: COLD_RUNS, events: EVENTS, warmup: WARMUP, timeBudgetMs: TIME_BUDGET_MS },
    functions: Object.fromEntries(names.map((name) => [name, {
      bundle: { bytes: bundles[name]!.bytes, gzipBytes: bundles[name]!.gzipBytes, buildMs: Math.round(bundles[name]!.buildMs) },
      coldImportMs: cold[name],
      invoke: runs[name],
    }])),
  };
  await writeFile(path.join(ROOT, '.tmp/bench.json'), `${JSON.stringify(results, null, 2)}\n`);

  const rows = names.map((name) => {
    const f = results.functions[name]!;
    return {
      fn: name,
      'bundle KB': (f.bundle.bytes / 1024).toFixed(0),
      'gzip KB': (f.bundle.gzipBytes / 1024).toFixed(0),
      'cold import ms': f.coldImportMs!.medianMs.toFixed(0),
      'first call ms': f.invoke!.firstCallMs.toFixed(1),
      'p50 ms': f.invoke!.p50Ms.toFixed(2),
      'p95 ms': f.invoke!.p95Ms.toFixed(2),
      'p99 ms': f.invoke!.p99Ms.toFixed(2),
      'events/s': f.invoke!.eventsPerSecond,
      'CE/event': f.invoke!.cloudEventsPerEvent,
      statuses: JSON.stringify(f.invoke!.statusCodes),
      'RSS MiB': `${f.invoke!.memoryMiB.rssBefore}→${f.invoke!.memoryMiB.rssAfter}`,
      'heap MiB': `${f.invoke!.memoryMiB.heapUsedBefore}→${f.invoke!.memoryMiB.heapUsedAfter} (${f.invoke!.memoryMiB.heapUsedAfterGc} GC)`,
    };
  });
  console.log(`Node ${results.node}, ${results.cpus} CPUs; ${EVENTS} sequential events per function after ${WARMUP} warm-up calls`);
  console.log('RSS/heap: a fresh process per function (tsx included), before import() → after the last event (after a full GC)');
  console.table(rows);
  console.log(`JSON: ${path.relative(process.cwd(), path.join(ROOT, '.tmp/bench.json'))}`);
}

// Safety net: if a socket or timer is left open, leave anyway once the work is done.
const workerAt = process.argv.indexOf('--worker');
const work = workerAt > 0 ? worker(process.argv[workerAt + 1] as FunctionName, process.argv[workerAt + 2]!) : main();
work
  .then(() => setTimeout(() => process.exit(0), 2_000).unref())
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
