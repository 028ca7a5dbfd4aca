import { type InferOutput, nullish, pipe, transform } from 'valibot';
import {
  chooseSources, historyEntrySchema, initiatorSchema, revisionSetSchema, SOURCES_FIELDS,
} from './argo-source-schema.js';
import { type ArgoApplication, type ArgoOperationState, ENVIRONMENT_ANNOTATION } from './argo-types.js';
import {
  listOf,  optionalObjectOf, optionalText, optionalTime, requiredText, stringList, trimmedText,
} from './argo-field-schemas.js';
import { fastRawApplication } from './fast-application.js';
import { type Fast, MISS, withFastPath } from './fast-path.js';
import { jsonObject } from '../../validation/json-object-schema.js';

export { ENVIRONMENT_ANNOTATION };

const metadataSchema = jsonObject({
  name: requiredText,
  namespace: requiredText,
  uid: requiredText,
  creationTimestamp: optionalTime,
  deletionTimestamp: optionalTime,
  // Only this annotation is read; the others (last-applied-configuration, …) may hold secrets.
  annotations: optionalObjectOf({ [ENVIRONMENT_ANNOTATION]: trimmedText }),
});

// Argo CD 3.x Source Hydrator: the human ("dry") commit behind the hydrated one that is deployed
// (`spec.sourceHydrator.drySource`, `status.sourceHydrator.{lastSuccessfulOperation,currentOperation}.drySHA`,
// argo-cd pkg/apis/application/v1alpha1/types.go).
const hydrateOperationSchema = optionalObjectOf({ drySHA: optionalText, hydratedSHA: optionalText });

const specSchema = jsonObject({
  project: optionalText,
  destination: jsonObject({ server: optionalText, name: optionalText, namespace: optionalText }),
  sourceHydrator: optionalObjectOf({ drySource: optionalObjectOf({ repoURL: optionalText }) }),
  ...SOURCES_FIELDS,
});

const operationStateSchema = nullish(pipe(
  jsonObject({
    phase: optionalText,
    message: optionalText,
    startedAt: optionalTime,
    finishedAt: optionalTime,
    operation: optionalObjectOf({ initiatedBy: initiatorSchema }),
    syncResult: nullish(revisionSetSchema),
  }),
  transform((raw): ArgoOperationState => ({
    phase: raw.phase,
    message: raw.message,
    startedAt: raw.startedAt,
    finishedAt: raw.finishedAt,
    initiatedBy: raw.operation.initiatedBy ?? undefined,
    syncResult: raw.syncResult ?? undefined,
  })),
));

const conditionSchema = jsonObject({ type: optionalText, message: optionalText, lastTransitionTime: optionalTime });

const statusSchema = optionalObjectOf({
  sync: optionalObjectOf({ status: optionalText, revision: optionalText, revisions: stringList }),
  health: optionalObjectOf({ status: optionalText, message: optionalText, lastTransitionTime: optionalTime }),
  operationState: operationStateSchema,
  history: listOf(historyEntrySchema),
  conditions: listOf(conditionSchema),
  reconciledAt: optionalTime,
  sourceHydrator: optionalObjectOf({ lastSuccessfulOperation: hydrateOperationSchema, currentOperation: hydrateOperationSchema }),
});

const rawApplicationSchema = jsonObject({ metadata: metadataSchema, spec: specSchema, status: statusSchema });

function toApplication({ metadata, spec, status }: InferOutput<typeof rawApplicationSchema>): ArgoApplication {
  return {
    name: metadata.name,
    namespace: metadata.namespace,
    uid: metadata.uid,
    project: spec.project,
    creationTimestamp: metadata.creationTimestamp,
    deletionTimestamp: metadata.deletionTimestamp,
    environmentOverride: metadata.annotations[ENVIRONMENT_ANNOTATION] ?? undefined,
    destination: { ...spec.destination },
    specSources: chooseSources(spec),
    sync: { status: status.sync.status, revision: status.sync.revision, revisions: status.sync.revisions },
    health: { ...status.health },
    operationState: status.operationState ?? undefined,
    history: status.history,
    conditions: status.conditions,
    reconciledAt: status.reconciledAt,
    ...hydratorOf(spec, status),
  };
}

/** The dry commit of a hydrated app: of the last successful hydration, else of the one running. */
function hydratorOf(spec: InferOutput<typeof specSchema>, status: InferOutput<typeof statusSchema>): Pick<ArgoApplication, 'hydrator'> {
  const { lastSuccessfulOperation: done, currentOperation: running } = status.sourceHydrator;
  const drySha = done.drySHA ?? running.drySHA;
  if (!drySha) return {};
  return { hydrator: { drySha, dryRepoUrl: spec.sourceHydrator.drySource.repoURL } };
}

/**
 * The parts of an Argo CD Application the bridge reads (`.app` of a notification template), as
 * {@link ArgoApplication}: `metadata.name`, `namespace`, `uid` and `spec.destination` are
 * required, the rest is optional. Times are strict RFC 3339, normalised with `toISOString()`.
 * Source contents other than the summary fields are reduced to a hash; other keys are not read.
 * A fast path (`fast-application.ts`) reads the common shapes; the schema reads and reports the rest.
 */
export const ArgoApplicationSchema = withFastPath(pipe(rawApplicationSchema, transform(toApplication)), fastApplication);

/** The fast path of {@link ArgoApplicationSchema}: its output for the common shapes, or `MISS`. */
export function fastApplication(value: unknown): Fast<ArgoApplication> {
  const raw = fastRawApplication(value);
  return raw === MISS ? MISS : toApplication(raw as InferOutput<typeof rawApplicationSchema>);
}
