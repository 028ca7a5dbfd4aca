import type { ArgoHistoryEntry, ArgoInitiator, ArgoSource } from './argo-types.js';
import {
  type Fast, fastList, fastOptionalText, fastOptionalTime, fastStringList, isPlainObject, MISS, nullishString,
} from './fast-path.js';
import { ParsedSource } from './parsed-source.js';
import { MAX_CANONICAL_DEPTH } from '../../text/canonical-json.js';

/**
 * Fast paths (see `withFastPath`) of the schemas in `argo-source-schema.ts`: a source and a
 * `status.history[]` entry, which repeat in every notification (the spec's sources, the sync
 * result's and each history entry's). Each returns exactly what its schema outputs, or `MISS`.
 */

/** `sources[]` when not empty, else `[source]` when it has a `repoURL`, else `[]`. */
export function chooseSources(raw: { source?: ArgoSource | null; sources: ArgoSource[] }): ArgoSource[] {
  if (raw.sources.length > 0) return raw.sources;
  return raw.source ? [raw.source] : [];
}

/**
 * A source as its schema reads it: summary fields strings (or `null`), `contentHash` of the whole
 * source, taken when first read (see {@link nestsTooDeep}). Hashed as received, which is what the
 * schema hashes when no key is left out (see `isPlainObject`). `undefined` for an empty `repoURL`
 * unless `required` (then the schema reports it).
 */
function fastSource(value: unknown, required: boolean): Fast<ArgoSource | undefined> {
  if (!isPlainObject(value)) return MISS;
  const repoURL = nullishString(value.repoURL);
  const chart = nullishString(value.chart);
  const path = nullishString(value.path);
  const targetRevision = nullishString(value.targetRevision);
  const ref = nullishString(value.ref);
  if (repoURL === MISS || chart === MISS || path === MISS || targetRevision === MISS || ref === MISS) return MISS;
  if (!repoURL) return required ? MISS : undefined;
  // Too deep to hash: the schema reports it as an issue.
  if (nestsTooDeep(value, 0)) return MISS;
  // The raw source (Helm values included) is held only until it is hashed, as the schema holds it until then.
  return new ParsedSource(
    { repoURL, chart: chart || undefined, path: path || undefined, targetRevision: targetRevision || undefined, ref: ref || undefined },
    value,
  );
}

/**
 * True when an object or array of `value` sits `MAX_CANONICAL_DEPTH` levels deep, where the
 * canonical writer throws, or holds an object that is not a plain one (left to the schema too).
 * Checked up front because the fast path hashes a source only when its hash is read: a
 * notification holds every source three times or more (spec, sync result, each history entry),
 * and only the deployed ones are fingerprinted (~1.7 µs each, measured). `for…in` rather than
 * `Object.values`: no array per object; it visits every own key (and inherited enumerable ones,
 * which can only send more sources to the schema).
 */
function nestsTooDeep(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_CANONICAL_DEPTH) return true;
  if (Array.isArray(value)) {
    for (const item of value) if (nestsTooDeep(item, depth + 1)) return true;
    return false;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return true;
  for (const key in value) if (nestsTooDeep((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** An item of `sources[]`, whose `repoURL` is required. */
export function fastSourceItem(value: unknown): Fast<ArgoSource> {
  const source = fastSource(value, true);
  return source === undefined ? MISS : source;
}

/** The single `source` field: `null` and absent stay as they are. */
export function fastSingleSource(value: unknown): Fast<ArgoSource | null | undefined> {
  return value === null || value === undefined ? value : fastSource(value, false);
}

/** A `sources[]` list; absent or `null` reads as `[]`. */
export function fastSourceList(value: unknown): Fast<ArgoSource[]> {
  return fastList(value, fastSourceItem);
}

/** `initiatedBy`: only the keys present are set, as valibot's object schema does. */
export function fastInitiator(value: unknown): Fast<ArgoInitiator | null | undefined> {
  if (value === null || value === undefined) return value;
  if (!isPlainObject(value)) return MISS;
  const initiator: ArgoInitiator = {};
  if ('username' in value) {
    const username = fastOptionalText(value.username);
    if (username === MISS) return MISS;
    initiator.username = username;
  }
  if ('automated' in value) initiator.automated = typeof value.automated === 'boolean' ? value.automated : undefined;
  return initiator;
}

/** `id`: a finite number, or absent. */
function fastOptionalNumber(value: unknown): Fast<number | null | undefined> {
  if (value === null || value === undefined) return value;
  return typeof value === 'number' && Number.isFinite(value) ? value : MISS;
}

/** One `status.history[]` entry, shaped as `historyEntrySchema` outputs it. */
export function fastHistoryEntry(value: unknown): Fast<ArgoHistoryEntry> {
  if (!isPlainObject(value)) return MISS;
  const revision = fastOptionalText(value.revision);
  const revisions = fastStringList(value.revisions);
  const source = fastSingleSource(value.source);
  const sources = fastSourceList(value.sources);
  const id = fastOptionalNumber(value.id);
  const deployStartedAt = fastOptionalTime(value.deployStartedAt);
  const deployedAt = fastOptionalTime(value.deployedAt);
  const initiatedBy = fastInitiator(value.initiatedBy);
  if (revision === MISS || revisions === MISS || source === MISS || sources === MISS || id === MISS
    || deployStartedAt === MISS || deployedAt === MISS || initiatedBy === MISS) return MISS;
  return {
    revision,
    revisions,
    sources: chooseSources({ source, sources }),
    id: id ?? undefined,
    deployStartedAt,
    deployedAt,
    initiatedBy: initiatedBy ?? undefined,
  };
}
