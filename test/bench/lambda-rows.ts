// Rows of the bundled handlers in fresh processes: cold start and peak RSS (benchmark, not a test).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { argoBodies, fluxBody, ROOT } from './bodies.js';
import { bundle, bundleEmptyHandler, OUT_DIR, serverlessYml, type Bundle } from './bundle.js';
import { floorRssAfter } from './end-to-end.js';
import { runChild } from './child.js';
import type { startSinkReceiver } from './load.js';
import { median, round } from './stats.js';
import type { Row } from './table.js';

type Receiver = Awaited<ReturnType<typeof startSinkReceiver>>;

/** The handlers' variables: the loopback broker as sink, INFO logs, metrics on; no AWS. */
function handlerEnv(sinkUrl: string): Record<string, string> {
  return {
    BRIDGE_TOKENS: 'bench-token', CDEVENTS_SINK_URL: sinkUrl, CDEVENTS_SINK_MODE: 'binary', BRIDGE_CLUSTER: 'bench',
    ARGOCD_REPLAY_WINDOW_SECONDS: '0', LOG_LEVEL: 'INFO', POWERTOOLS_METRICS_DISABLED: 'false',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', AWS_REGION: 'eu-west-1',
  };
}

/** Bundles both functions and the empty-handler floor, and writes the request bodies the children read. */
export async function prepareBundles(): Promise<{ flux: Bundle; argocd: Bundle; floor: Bundle; fluxBodyFile: string; argoBodyFile: string; argoUid: string }> {
  const flux = await bundle(path.join(ROOT, 'functions/flux.ts'), 'flux');
  const argocd = await bundle(path.join(ROOT, 'functions/argocd.ts'), 'argocd');
  const floor = await bundleEmptyHandler(flux, 'empty-middy');
  const fluxBodyFile = path.join(OUT_DIR, 'flux-body.json');
  const argoBodyFile = path.join(OUT_DIR, 'argocd-body.json');
  await writeFile(fluxBodyFile, fluxBody());
  const [argo] = argoBodies(1, 13, 1, 9);
  await writeFile(argoBodyFile, argo!);
  const argoUid = (JSON.parse(argo!.toString('utf8')) as { app: { metadata: { uid: string } } }).app.metadata.uid;
  return { flux, argocd, floor, fluxBodyFile, argoBodyFile, argoUid };
}

type Prepared = Awaited<ReturnType<typeof prepareBundles>>;

/** Cold start: import + first event in a fresh process, the bridge and the floor alternating. */
export async function coldStartRow(prepared: Prepared, receiver: Receiver, runs: number): Promise<Row> {
  const bridge: number[] = [];
  const floor: number[] = [];
  const imports: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    for (const [file, into] of (i % 2 === 0 ? [[prepared.flux.file, bridge], [prepared.floor.file, floor]] : [[prepared.floor.file, floor], [prepared.flux.file, bridge]]) as [string, number[]][]) {
      const result = await runChild({ bundle: file, route: 'flux', bodyFile: prepared.fluxBodyFile, events: 1, env: handlerEnv(receiver.url), timeoutMs: 30_000 });
      if (file === prepared.flux.file && result.statuses['202'] !== 1) throw new Error(`cold start: the Flux bundle answered ${JSON.stringify(result.statuses)}`);
      into.push(result.importMs + result.firstEventMs);
      if (file === prepared.flux.file) imports.push(result.importMs);
    }
  }
  return {
    id: 'cold-start', measure: 'cold start: import + first event (flux bundle, fresh process)', unit: 'ms', bridge: median(bridge), floor: median(floor),
    floorLabel: `empty middy handler bundled with the same SDK clients (${prepared.flux.sdkClients.join(', ')})`, goal: { kind: 'ratio-at-most', value: 1.5 },
    detail: { runs, importOnlyMs: round(median(imports)), bundleBytes: prepared.flux.bytes, floorBundleBytes: prepared.floor.bytes },
  };
}

/** `provider.memorySize` in serverless.yml: the memory the functions are deployed with, in MB. */
export function deployedMemoryMb(): number {
  const memorySize = (serverlessYml() as { provider?: { memorySize?: unknown } }).provider?.memorySize;
  if (typeof memorySize !== 'number') throw new Error('serverless.yml has no numeric provider.memorySize');
  return memorySize;
}

/**
 * The V8 heap limits the Lambda Node.js runtime starts `node` with for a function of `memoryMb`:
 * its bootstrap gives a tenth of the memory to the young generation (half of that per semi-space)
 * and the rest to the old generation. A process without them grows a larger young generation
 * and lets the old one fill further before collecting than a Lambda function ever does.
 */
export function lambdaHeapArgs(memoryMb: number): string[] {
  const young = Math.floor(memoryMb / 10);
  return [`--max-semi-space-size=${Math.floor(young / 2)}`, `--max-old-space-size=${memoryMb - young}`];
}

/** Peak RSS of a bundled handler over `events` events in one fresh process; CPU ms per event too. */
export async function handlerUnderLoad(prepared: Prepared, receiver: Receiver, route: 'flux' | 'argocd', events: number, nodeArgs: string[] = []) {
  const isArgo = route === 'argocd';
  const result = await runChild({
    bundle: isArgo ? prepared.argocd.file : prepared.flux.file, route, bodyFile: isArgo ? prepared.argoBodyFile : prepared.fluxBodyFile,
    uid: isArgo ? prepared.argoUid : undefined, events, env: handlerEnv(receiver.url), timeoutMs: 300_000, nodeArgs,
  });
  const delivered = result.statuses['202'] ?? 0;
  if (delivered !== events) throw new Error(`${route} under load: ${JSON.stringify(result.statuses)} for ${events} events`);
  return { peakRssMiB: round(result.peakRssMiB, 1), msPerEvent: round(result.loopMs / events, 3), cpuMs: round(result.cpuMs) };
}

/**
 * Peak RSS of each bundled handler and of the floor over `events` events, under the heap limits
 * Lambda sets for serverless.yml's `memorySize`: the median of `runs` fresh processes each, taken in
 * turn (one run read 96–107 MiB for the same bundle); then once more with Node's default limits,
 * for comparison.
 */
export async function peakRssRows(prepared: Prepared, receiver: Receiver, events: number, runs: number): Promise<Row[]> {
  const memoryMb = deployedMemoryMb();
  const heapArgs = lambdaHeapArgs(memoryMb);
  const peaks = { argocd: [] as number[], flux: [] as number[], floor: [] as number[] };
  let last: Record<'argocd' | 'flux', Awaited<ReturnType<typeof handlerUnderLoad>>> | undefined;
  for (let run = 0; run < runs; run += 1) {
    last = { argocd: await handlerUnderLoad(prepared, receiver, 'argocd', events, heapArgs), flux: await handlerUnderLoad(prepared, receiver, 'flux', events, heapArgs) };
    peaks.argocd.push(last.argocd.peakRssMiB);
    peaks.flux.push(last.flux.peakRssMiB);
    peaks.floor.push(await floorRssAfter(receiver, events, heapArgs));
  }
  const unlimited = { argocd: await handlerUnderLoad(prepared, receiver, 'argocd', events), flux: await handlerUnderLoad(prepared, receiver, 'flux', events) };
  const row = (route: 'argocd' | 'flux', goal: boolean): Row => ({
    id: `peak-rss-${route}`, measure: `peak RSS, ${events.toLocaleString('en-US')} events (${route} bundle, INFO + metrics, heap limits of a ${memoryMb} MB Lambda)`, unit: 'MiB',
    bridge: median(peaks[route]), floor: round(median(peaks.floor), 1), floorLabel: 'node:http receive-and-forward process, same limits', goal: goal ? { kind: 'at-most', value: 100, unit: 'MiB' } : undefined,
    detail: { nodeArgs: heapArgs, runs: peaks[route], floorRuns: peaks.floor.map((peak) => round(peak, 1)), msPerEvent: last?.[route].msPerEvent, nodeDefaultHeapLimits: unlimited[route] },
  });
  return [row('argocd', true), row('flux', false)];
}
