// The bridge's per-event work, called directly, and its JSON floors (benchmark, not a test).
import { createHmac } from 'node:crypto';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import type { CDEvent } from '../../lib/cdevents/types.js';
import { toHttpMessage } from '../../lib/cloudevents/cloudevent-message.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { parseJsonObject } from '../../lib/http/parse-json-object.js';
import { loadConfiguredFluxMapping } from '../../lib/webhook/flux-webhook.js';

const config = loadConfig({ BRIDGE_TOKENS: 'bench-token', BRIDGE_CLUSTER: 'bench' });

/** Flux: parse (with the prototype guard) + validate + map + build + render each CDEvent as a binary CloudEvent. */
export function fluxPipeline(): (body: Buffer) => string[] {
  const mapping = loadConfiguredFluxMapping(config);
  const options = { cluster: config.cluster, defaultEnvironment: config.defaultEnvironment };
  return (body) => {
    const parsed = parseFluxEvent(parseJsonObject(body));
    const { drafts } = mapFluxEvent(parsed.event, mapping, options);
    return drafts.map((draft) => toHttpMessage(buildCDEvent(draft, config.specVersion), 'binary').body);
  };
}

/** Argo CD: parse + validate + plan against the in-memory state + commit + build + render. */
export function argoPipeline(): (body: Buffer) => Promise<string[]> {
  const processor = createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: config.argocd.instance, maxEventAgeSeconds: 0 });
  return async (body) => {
    const plan = await processor.plan(parseArgoNotification(parseJsonObject(body)));
    const rendered = plan.drafts.map((draft) => toHttpMessage(buildCDEvent(draft, config.specVersion), 'binary').body);
    await plan.commit();
    return rendered;
  };
}

/** What the bridge produced for one body, as objects: the output side of a floor. */
export async function outputsOf(pipeline: (body: Buffer) => string[] | Promise<string[]>, body: Buffer): Promise<CDEvent[]> {
  const bodies = await pipeline(body);
  if (bodies.length === 0) throw new Error('the benchmark body emitted no CDEvent');
  return bodies.map((text) => JSON.parse(text) as CDEvent);
}

/** The JSON floor: `JSON.parse` of the input + `JSON.stringify` of each output, nothing else. */
export function jsonFloor(outputs: readonly CDEvent[]): (body: Buffer) => string[] {
  return (body) => {
    JSON.parse(body.toString('utf8'));
    return outputs.map((output) => JSON.stringify(output));
  };
}

/** The handler floor: the JSON floor plus one HMAC-SHA256 over the raw body (what authentication needs at least). */
export function handlerFloor(outputs: readonly CDEvent[]): (body: Buffer) => string[] {
  const json = jsonFloor(outputs);
  return (body) => {
    createHmac('sha256', 'bench-token').update(body).digest();
    return json(body);
  };
}
