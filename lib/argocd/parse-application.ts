import type { ArgoApplication, ArgoCondition, ArgoOperationState } from './argo-types.js';
import {
  isJsonObject, optionalArray, optionalObject, optionalString, optionalTime, own, requiredObject, requiredString,
  stringArray, type JsonObject,
} from './json-fields.js';
import { parseHistory, parseInitiator, parseRevisionSet, parseSources } from './parse-sources.js';
import { BadRequestError } from '../http/http-error.js';

/** Application annotation that sets the CDEvents environment id explicitly. */
export const ENVIRONMENT_ANNOTATION = 'cdevents-bridge/environment';

/**
 * Reads the fields the bridge uses from an Argo CD Application object (`.app` of a template).
 * Field errors name the JSON path under `path`, e.g. `app.metadata.uid is required`.
 * @throws BadRequestError when a required field is missing or a field has the wrong type.
 */
export function parseApplication(app: JsonObject, path = 'app'): ArgoApplication {
  const metadata = requiredObject(app, 'metadata', path);
  const metaPath = `${path}.metadata`;
  const spec = requiredObject(app, 'spec', path);
  const destination = requiredObject(spec, 'destination', `${path}.spec`);
  const destPath = `${path}.spec.destination`;
  const status = optionalObject(app, 'status', path) ?? {};
  const statusPath = `${path}.status`;
  const sync = optionalObject(status, 'sync', statusPath) ?? {};
  const health = optionalObject(status, 'health', statusPath) ?? {};
  return {
    name: requiredString(metadata, 'name', metaPath),
    namespace: requiredString(metadata, 'namespace', metaPath),
    uid: requiredString(metadata, 'uid', metaPath),
    project: optionalString(spec, 'project', `${path}.spec`),
    creationTimestamp: optionalTime(metadata, 'creationTimestamp', metaPath),
    deletionTimestamp: optionalTime(metadata, 'deletionTimestamp', metaPath),
    environmentOverride: environmentOverride(metadata, metaPath),
    destination: {
      server: optionalString(destination, 'server', destPath),
      name: optionalString(destination, 'name', destPath),
      namespace: optionalString(destination, 'namespace', destPath),
    },
    specSources: parseSources(spec, `${path}.spec`),
    sync: {
      status: optionalString(sync, 'status', `${statusPath}.sync`),
      revision: optionalString(sync, 'revision', `${statusPath}.sync`),
      revisions: stringArray(sync, 'revisions', `${statusPath}.sync`),
    },
    health: {
      status: optionalString(health, 'status', `${statusPath}.health`),
      message: optionalString(health, 'message', `${statusPath}.health`),
      lastTransitionTime: optionalTime(health, 'lastTransitionTime', `${statusPath}.health`),
    },
    operationState: parseOperationState(status, statusPath),
    history: parseHistory(status, statusPath),
    conditions: parseConditions(status, statusPath),
    reconciledAt: optionalTime(status, 'reconciledAt', statusPath),
  };
}

function environmentOverride(metadata: JsonObject, path: string): string | undefined {
  const annotations = optionalObject(metadata, 'annotations', path);
  const value = annotations ? own(annotations, ENVIRONMENT_ANNOTATION) : undefined;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadRequestError(`${path}.annotations['${ENVIRONMENT_ANNOTATION}'] must be a string`);
  return value.trim() || undefined;
}

function parseOperationState(status: JsonObject, statusPath: string): ArgoOperationState | undefined {
  const path = `${statusPath}.operationState`;
  const state = optionalObject(status, 'operationState', statusPath);
  if (!state) return undefined;
  const operation = optionalObject(state, 'operation', path);
  const syncResult = optionalObject(state, 'syncResult', path);
  return {
    phase: optionalString(state, 'phase', path),
    message: optionalString(state, 'message', path),
    startedAt: optionalTime(state, 'startedAt', path),
    finishedAt: optionalTime(state, 'finishedAt', path),
    initiatedBy: operation ? parseInitiator(operation, `${path}.operation`) : undefined,
    syncResult: syncResult ? parseRevisionSet(syncResult, `${path}.syncResult`) : undefined,
  };
}

function parseConditions(status: JsonObject, statusPath: string): ArgoCondition[] {
  return optionalArray(status, 'conditions', statusPath).map((item, index) => {
    const path = `${statusPath}.conditions[${index}]`;
    if (!isJsonObject(item)) throw new BadRequestError(`${path} must be an object`);
    return {
      type: optionalString(item, 'type', path),
      message: optionalString(item, 'message', path),
      lastTransitionTime: optionalTime(item, 'lastTransitionTime', path),
    };
  });
}
