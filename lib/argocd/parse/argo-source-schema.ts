import { type InferOutput, nullish, pipe, rawTransform, string, transform } from 'valibot';
import type { ArgoHistoryEntry, ArgoRevisionSet, ArgoSource } from './argo-types.js';
import {
  lenientBoolean, listOf, looseObjectOf,  optionalNumber, optionalText, optionalTime, requiredText, stringList,
} from './argo-field-schemas.js';
import { MAX_CANONICAL_DEPTH } from '../../text/canonical-json.js';
import { chooseSources, fastHistoryEntry, fastSingleSource, fastSourceItem } from './fast-history-entry.js';
import { withFastPath } from './fast-path.js';
import { sourceContentHash } from './source-content-hash.js';
import { ParsedSource } from './parsed-source.js';
import { jsonObject } from '../../validation/json-object-schema.js';

/**
 * The summary fields of a source, checked but not rewritten: `contentHash` is the hash of the
 * source as received (helm values, parameters, plugin env included), so it must see `""` and
 * `null` as sent. The loose object keeps the other keys for the hash only.
 */
const SOURCE_FIELDS = {
  repoURL: nullish(string()), chart: nullish(string()), path: nullish(string()),
  targetRevision: nullish(string()), ref: nullish(string()),
};

const looseSource = looseObjectOf(SOURCE_FIELDS);

/** The summary of a source with a non-empty `repoURL`; everything else is reduced to its hash. */
function toSource(repoURL: string, raw: InferOutput<typeof looseSource>): ArgoSource {
  const contentHash = sourceContentHash(raw);
  const summary = { repoURL, chart: raw.chart || undefined, path: raw.path || undefined, targetRevision: raw.targetRevision || undefined, ref: raw.ref || undefined };
  return new ParsedSource(summary, undefined, contentHash);
}

/**
 * {@link toSource}, or `undefined` after reporting an issue when the source nests deeper than
 * `canonicalHash` walks (it throws `RangeError` there). The request door's nesting limit keeps
 * bodies far below that depth; this keeps any other caller from getting a `RangeError`.
 */
function summarize(repoURL: string, raw: InferOutput<typeof looseSource>, tooDeep: () => void): ArgoSource | undefined {
  try {
    return toSource(repoURL, raw);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    tooDeep();
    return undefined;
  }
}

const TOO_DEEP = `nests deeper than ${MAX_CANONICAL_DEPTH} levels`;

/** An item of `sources[]`: `repoURL` is required. */
const sourceItem = withFastPath(pipe(
  looseObjectOf({ ...SOURCE_FIELDS, repoURL: requiredText }),
  rawTransform(({ dataset, addIssue, NEVER }) => {
    return summarize(dataset.value.repoURL, dataset.value, () => addIssue({ message: TOO_DEEP })) ?? NEVER;
  }),
), fastSourceItem);

/** The single `source`: multi-source apps report `{"repoURL": ""}` there, which means no source. */
const singleSource = withFastPath(nullish(pipe(
  looseSource,
  rawTransform(({ dataset, addIssue, NEVER }) => {
    const { repoURL } = dataset.value;
    if (!repoURL) return undefined;
    return summarize(repoURL, dataset.value, () => addIssue({ message: TOO_DEEP })) ?? NEVER;
  }),
)), fastSingleSource);

/** `sources[]` and `source` of an Application spec, a sync result or a history entry. */
export const SOURCES_FIELDS = { source: singleSource, sources: listOf(sourceItem) };

export { chooseSources };

const REVISION_SET_FIELDS = { revision: optionalText, revisions: stringList, ...SOURCES_FIELDS };

type RawRevisionSet = { revision?: string; revisions: string[]; source?: ArgoSource | null; sources: ArgoSource[] };

function toRevisionSet(raw: RawRevisionSet): ArgoRevisionSet {
  return { revision: raw.revision, revisions: raw.revisions, sources: chooseSources(raw) };
}

/** `operationState.syncResult`: the revision(s) and source(s) the operation synced. */
export const revisionSetSchema = pipe(jsonObject(REVISION_SET_FIELDS), transform((raw) => toRevisionSet(raw)));

/** `initiatedBy`: `username` and `automated` only. */
export const initiatorSchema = nullish(jsonObject({ username: optionalText, automated: lenientBoolean }));

/** One `status.history[]` entry (a fast path reads the common shapes: `fastHistoryEntry`). */
export const historyEntrySchema = withFastPath(pipe(
  jsonObject({
    ...REVISION_SET_FIELDS,
    id: optionalNumber,
    deployStartedAt: optionalTime,
    deployedAt: optionalTime,
    initiatedBy: initiatorSchema,
  }),
  transform((raw): ArgoHistoryEntry => ({
    ...toRevisionSet(raw),
    id: raw.id ?? undefined,
    deployStartedAt: raw.deployStartedAt,
    deployedAt: raw.deployedAt,
    initiatedBy: raw.initiatedBy ?? undefined,
  })),
), fastHistoryEntry);
