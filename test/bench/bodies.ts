// Request bodies of the benchmark (not a test), built from the recorded fixtures.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = path.resolve(ROOT, '../shared/fixtures');

/** A Flux event that maps to one CDEvent (stateless: the same body every time). */
export function fluxBody(): Buffer {
  return readFileSync(path.join(FIXTURES, 'flux/kustomization-artifact-failed.json'));
}

type ArgoBody = { app: { metadata: { uid: string; name: string }; spec: { destination: { namespace?: string } }; status: { resources: Record<string, unknown>[]; history: Record<string, unknown>[] } } };

function argoTemplate(): ArgoBody {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'argocd/webhook-body_multisource-helm_first-deploy_synced-healthy.json'), 'utf8'));
}

/**
 * Grows the recorded Argo CD notification to `resources` resources and `history` history entries
 * (the recorded deploy stays the newest; older ones get other revisions and chart versions).
 */
function grow(body: ArgoBody, resources: number, history: number): ArgoBody {
  const [resource] = body.app.status.resources;
  const [latest] = body.app.status.history;
  if (!resource || !latest) throw new Error('the Argo CD fixture lost its resources or history');
  body.app.status.resources = Array.from({ length: resources }, (_, i) => ({ ...resource, name: `${String(resource.name)}-${i}` }));
  const older = Array.from({ length: history - 1 }, (_, i) => {
    const entry = structuredClone(latest) as { id: number; revisions: string[]; deployedAt: string };
    entry.id = i;
    entry.revisions = [`0.3.${i}`, i.toString(16).padStart(40, '0')];
    entry.deployedAt = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 60_000).toISOString().replace('.000', '');
    return entry;
  });
  body.app.status.history = [...older, { ...latest, id: history - 1 }];
  return body;
}

/**
 * `count` Argo CD bodies, each with its own application uid: every one is a first deployment
 * (`service.deployed`) to its own destination, which exercises the whole decision rather than the
 * duplicate shortcut.
 * Built ahead of the timing, so making them is not measured.
 */
export function argoBodies(count: number, resources = 13, history = 1, seed = 0): Buffer[] {
  const body = argoTemplate();
  const sized = resources === 13 && history === 1 ? body : grow(body, resources, history);
  const uid = sized.app.metadata.uid;
  // One destination per application, as in a real cluster: the state of one destination lists its
  // applications, and thousands of them in one list would measure that list, not the bridge.
  sized.app.spec.destination.namespace = `bench-${uid}`;
  const text = JSON.stringify(sized);
  return Array.from({ length: count }, (_, i) => Buffer.from(text.replaceAll(uid, `${uid.slice(0, 24)}${String(seed * 1_000_000 + i).padStart(12, '0')}`)));
}
