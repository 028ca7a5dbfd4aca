import type { ArgoHistoryEntry, ArgoInitiator, ArgoRevisionSet, ArgoSource } from './argo-types.js';
import { canonicalHash } from './canonical-json.js';
import {
  isJsonObject, optionalArray, optionalBoolean, optionalNumber, optionalObject, optionalString, optionalTime,
  stringArray, type JsonObject,
} from './json-fields.js';
import { BadRequestError } from '../http/http-error.js';

/**
 * Reads one Application source. Only the summary fields are copied; helm values, parameters,
 * plugin env, kustomize patches and the like are reduced to `contentHash`.
 * @returns `undefined` for an empty source (`{"repoURL": ""}`, as multi-source apps report `source`).
 */
export function parseSource(source: JsonObject, path: string): ArgoSource | undefined {
  const repoURL = optionalString(source, 'repoURL', path);
  if (repoURL === undefined) return undefined;
  return {
    repoURL,
    chart: optionalString(source, 'chart', path),
    path: optionalString(source, 'path', path),
    targetRevision: optionalString(source, 'targetRevision', path),
    ref: optionalString(source, 'ref', path),
    contentHash: canonicalHash(source),
  };
}

/** Reads `sources[]` (preferred when non-empty) or the single `source` of an object. */
export function parseSources(object: JsonObject, path: string): ArgoSource[] {
  const list = optionalArray(object, 'sources', path);
  if (list.length > 0) {
    return list.map((item, index) => {
      const itemPath = `${path}.sources[${index}]`;
      if (!isJsonObject(item)) throw new BadRequestError(`${itemPath} must be an object`);
      const source = parseSource(item, itemPath);
      if (!source) throw new BadRequestError(`${itemPath}.repoURL is required`);
      return source;
    });
  }
  const single = optionalObject(object, 'source', path);
  const source = single ? parseSource(single, `${path}.source`) : undefined;
  return source ? [source] : [];
}

/** Reads `revision`, `revisions[]` and `source(s)` of a sync result or history entry. */
export function parseRevisionSet(object: JsonObject, path: string): ArgoRevisionSet {
  return {
    revision: optionalString(object, 'revision', path),
    revisions: stringArray(object, 'revisions', path),
    sources: parseSources(object, path),
  };
}

/** Reads `initiatedBy` (`username` and `automated` only). */
export function parseInitiator(object: JsonObject, path: string): ArgoInitiator | undefined {
  const initiatedBy = optionalObject(object, 'initiatedBy', path);
  if (!initiatedBy) return undefined;
  return {
    username: optionalString(initiatedBy, 'username', `${path}.initiatedBy`),
    automated: optionalBoolean(initiatedBy, 'automated'),
  };
}

/** Reads `status.history[]`, oldest first. */
export function parseHistory(status: JsonObject, path: string): ArgoHistoryEntry[] {
  return optionalArray(status, 'history', path).map((item, index) => {
    const itemPath = `${path}.history[${index}]`;
    if (!isJsonObject(item)) throw new BadRequestError(`${itemPath} must be an object`);
    return {
      ...parseRevisionSet(item, itemPath),
      id: optionalNumber(item, 'id', itemPath),
      deployStartedAt: optionalTime(item, 'deployStartedAt', itemPath),
      deployedAt: optionalTime(item, 'deployedAt', itemPath),
      initiatedBy: parseInitiator(item, itemPath),
    };
  });
}
