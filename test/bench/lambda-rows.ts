// Rows of the bundled handlers in fresh processes: cold start and peak RSS (benchmark, not a test).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { argoBodies, fluxBody, ROOT } from './bodies.js';
import { bundle, bundleEmptyHandler, OUT_DIR, type Bundle } from './bundle.js';
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

/**
 * V8 heap limits close to what the Lambda Node.js runtime derives from a 128 MB function (old space
 * about 90 % of it, a small young generation): does the handler run, and at what peak RSS?
 */
export const LAMBDA_128_HEAP = ['--max-old-space-size=115', '--max-semi-space-size=4'];

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
