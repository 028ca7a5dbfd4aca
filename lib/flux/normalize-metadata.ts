import type { FluxMetadataShape } from './flux-event.js';

/** Prefix of RFC-0008 object annotations copied into events. */
const EVENT_PREFIX = 'event.toolkit.fluxcd.io/';
/** Any Flux API group prefix, e.g. `kustomize.toolkit.fluxcd.io/`. */
const TOOLKIT_PREFIX = /^[a-z0-9.-]+\.toolkit\.fluxcd\.io\//;
/** Controller keys notification-controller never forwards (`excludeInternalMetadata`, `cleanupMetadata`). */
const INTERNAL_CONTROLLER_KEYS = new Set(['token', 'digest', 'checksum']);
/**
 * The one key a stripped prefix can turn into a prototype setter. The door (`parseJsonObject`)
 * removes `__proto__` keys, but it sees `event.toolkit.fluxcd.io/__proto__`, which only becomes
 * `__proto__` here. Inside the bridge it would be inert data (the map has no prototype); it is
 * dropped so the CDEvents sent on never carry a key the door would have removed.
 */
const PROTO_KEY = '__proto__';

/** Merge layers, lowest precedence first (notification-controller `combineEventMetadata`). */
type Layer = 'annotation' | 'unprefixed' | 'controller';
const LAYERS: readonly Layer[] = ['annotation', 'unprefixed', 'controller'];

/** Normalised metadata plus what normalisation found. */
export interface NormalizedMetadata {
  /** Unprefixed keys, sorted, in a null-prototype object. */
  metadata: Record<string, string>;
  /** Keys set by more than one source; the higher source won (controller > unprefixed > annotation). */
  clashes: string[];
  shape: FluxMetadataShape;
}

function apiGroup(apiVersion: string | undefined): string | undefined {
  const slash = apiVersion?.indexOf('/') ?? -1;
  return apiVersion && slash > 0 ? apiVersion.slice(0, slash) : undefined;
}

/** Sorts one raw key into its layer, or `undefined` when notification-controller would drop it. */
function classify(key: string, group: string | undefined): { layer: Layer; name: string } | undefined {
  if (key.startsWith(EVENT_PREFIX)) return { layer: 'annotation', name: key.slice(EVENT_PREFIX.length) };
  if (group && key.startsWith(`${group}/`)) {
    const name = key.slice(group.length + 1);
    return INTERNAL_CONTROLLER_KEYS.has(name) ? undefined : { layer: 'controller', name };
  }
  return key.includes('/') ? undefined : { layer: 'unprefixed', name: key };
}

function isRawShape(keys: readonly string[]): boolean {
  return keys.some((key) => key.startsWith(EVENT_PREFIX) || TOOLKIT_PREFIX.test(key));
}

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The forwarded shape (what nearly every request has): one layer, so no merge and no clash, only
 * the dropped keys and the sort. A third of the cost of the layered merge below, with the same result.
 */
function forwardedMetadata(raw: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  const metadata: Record<string, string> = Object.create(null);
  const kept = keys.filter((key) => key !== '' && key !== 'token' && key !== PROTO_KEY).sort(byName);
  for (const key of kept) metadata[key] = raw[key] as string;
  return metadata;
}

/**
 * Normalises event metadata the way notification-controller does before forwarding (RFC-0008).
 *
 * - Forwarded shape (no toolkit prefixes): keys are kept as they are.
 * - Controller-raw shape (sent to NC's `--events-addr`): only `event.toolkit.fluxcd.io/<k>`,
 *   `<involvedObject group>/<k>` and unprefixed keys are kept, prefixes are stripped,
 *   `<group>/token|digest|checksum` are dropped, and on a clash the controller key wins over an
 *   unprefixed key, which wins over an annotation key.
 *
 * In both shapes a `token` key (leaked by NC < v1.3) and a `__proto__` key are dropped. Keys named
 * `constructor`, `toString`, … are plain data: the result has no prototype.
 */
export function normalizeFluxMetadata(raw: Readonly<Record<string, string>>, apiVersion?: string): NormalizedMetadata {
  const keys = Object.keys(raw);
  if (!isRawShape(keys)) return { metadata: forwardedMetadata(raw, keys), clashes: [], shape: 'forwarded' };
  const entries = Object.entries(raw);
  const group = apiGroup(apiVersion);
  const layers: Record<Layer, Map<string, string>> = { annotation: new Map(), unprefixed: new Map(), controller: new Map() };
  for (const [key, value] of entries) {
    const slot = classify(key, group);
    if (!slot || slot.name === '' || slot.name === 'token' || slot.name === PROTO_KEY) continue;
    layers[slot.layer].set(slot.name, value);
  }
  const merged = new Map<string, string>();
  const seen = new Map<string, number>();
  for (const layer of LAYERS) {
    for (const [name, value] of layers[layer]) {
      merged.set(name, value);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
  }
  const metadata: Record<string, string> = Object.create(null);
  for (const [name, value] of [...merged].sort(([a], [b]) => byName(a, b))) metadata[name] = value;
  const clashes = [...seen].filter(([, count]) => count > 1).map(([name]) => name).sort();
  return { metadata, clashes, shape: 'controller-raw' };
}
