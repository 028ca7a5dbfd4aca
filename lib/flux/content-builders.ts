import type { CDEventKind } from '../cdevents/types.js';
import { unversionedArtifactId } from './flux-artifact.js';
import type { FluxFacts } from './flux-facts.js';

/** The subject of one CDEvent built from a Flux event. */
export interface BuiltSubject {
  subjectId: string;
  content: Record<string, unknown>;
}

/** Builds `subject.id` and `subject.content` (0.5.1 vocabulary) for one CDEvent kind. */
export type ContentBuilder = (facts: FluxFacts) => BuiltSubject;

/** Longest text put in `description`, `reason` or `errors`; the full message stays in customData. */
export const MAX_TEXT = 1000;

/** Kinds whose object deploys a service (their incidents reference it). */
const DEPLOYER_KINDS = new Set(['HelmRelease', 'Kustomization']);

/** True for the first half of a UTF-16 surrogate pair. */
function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function shortText(facts: FluxFacts): string {
  const { message, reason, involvedObject } = facts.event;
  const text = message.trim() || `${involvedObject.kind}/${involvedObject.name}: ${reason}`;
  if (text.length <= MAX_TEXT) return text;
  // Cut before a surrogate pair, not through it: half a pair would be a lone surrogate (an emoji
  // at the cut would otherwise turn into invalid text in the CDEvent).
  const end = isHighSurrogate(text.charCodeAt(MAX_TEXT - 2)) ? MAX_TEXT - 2 : MAX_TEXT - 1;
  return `${text.slice(0, end)}…`;
}

const environment = (facts: FluxFacts) => ({ id: facts.environmentId });
const artifactId = (facts: FluxFacts) => facts.artifactId ?? unversionedArtifactId(facts.event);
/** One run of something (a test, a task): unique per occurrence, readable. */
const runId = (facts: FluxFacts) => `${facts.objectId}/${facts.event.reason}/${facts.occurrence}`;
const runName = (facts: FluxFacts) => `${facts.event.involvedObject.kind}/${facts.event.involvedObject.name}`;
const errors = (facts: FluxFacts) => (facts.outcome === 'failure' ? { errors: shortText(facts) } : {});

function testCase(facts: FluxFacts) {
  const helm = facts.event.involvedObject.kind === 'HelmRelease';
  return helm
    ? { id: `${facts.serviceId}/helm-test`, name: `helm test ${facts.event.involvedObject.name}`, type: 'functional' }
    : { id: facts.objectId, name: runName(facts), type: 'functional' };
}

const service = (content: (facts: FluxFacts) => Record<string, unknown>): ContentBuilder =>
  (facts) => ({ subjectId: facts.serviceId, content: content(facts) });
const deployment = service((facts) => ({ environment: environment(facts), artifactId: artifactId(facts) }));
const serviceInEnvironment = service((facts) => ({ environment: environment(facts) }));

const environmentSubject: ContentBuilder = (facts) => ({ subjectId: facts.environmentId, content: { name: facts.environmentId } });

const incident: ContentBuilder = (facts) => ({
  subjectId: `${facts.objectId}/${facts.event.reason}`,
  content: {
    environment: environment(facts),
    description: shortText(facts),
    ...(DEPLOYER_KINDS.has(facts.event.involvedObject.kind) ? { service: { id: facts.serviceId } } : {}),
    ...(facts.artifactId ? { artifactId: facts.artifactId } : {}),
  },
});

const run = (content: (facts: FluxFacts) => Record<string, unknown>): ContentBuilder =>
  (facts) => ({ subjectId: runId(facts), content: content(facts) });
const testCaseRun = run((facts) => ({ environment: environment(facts), testCase: testCase(facts) }));
const testSuiteRun = run((facts) => ({ environment: environment(facts), testSuite: { id: testCase(facts).id, name: testCase(facts).name } }));
const artifact: ContentBuilder = (facts) => ({ subjectId: artifactId(facts), content: {} });
const change: ContentBuilder = (facts) => ({ subjectId: `${facts.objectId}/${facts.revision?.commit ?? facts.occurrence}`, content: {} });
const branch: ContentBuilder = (facts) => ({ subjectId: `${facts.objectId}/${facts.revision?.pointer ?? facts.event.involvedObject.name}`, content: {} });
const repository: ContentBuilder = (facts) => ({ subjectId: facts.objectId, content: { name: facts.event.involvedObject.name } });

/**
 * One builder per CDEvent kind that can be derived from a Flux event. Kinds missing here need
 * content Flux does not send (see `UNDERIVABLE_CONTENT`) and are rejected in mapping files.
 */
export const CONTENT_BUILDERS: Readonly<Partial<Record<CDEventKind, ContentBuilder>>> = Object.freeze({
  'service.deployed': deployment,
  'service.upgraded': deployment,
  'service.rolledback': deployment,
  'service.removed': serviceInEnvironment,
  'service.published': serviceInEnvironment,
  'environment.created': environmentSubject,
  'environment.modified': environmentSubject,
  'environment.deleted': environmentSubject,
  'incident.detected': incident,
  'incident.resolved': incident,
  'testcaserun.queued': testCaseRun,
  'testcaserun.started': testCaseRun,
  'testcaserun.skipped': run((facts) => ({ environment: environment(facts), testCase: testCase(facts), reason: shortText(facts) })),
  'testcaserun.finished': run((facts) => ({ outcome: facts.outcome, environment: environment(facts), testCase: testCase(facts), reason: shortText(facts) })),
  'testsuiterun.queued': testSuiteRun,
  'testsuiterun.started': testSuiteRun,
  'testsuiterun.finished': run((facts) => ({ ...testSuiteRun(facts).content, outcome: facts.outcome, reason: shortText(facts) })),
  'taskrun.started': run((facts) => ({ taskName: runName(facts) })),
  'taskrun.finished': run((facts) => ({ taskName: runName(facts), outcome: facts.outcome, ...errors(facts) })),
  'pipelinerun.queued': run((facts) => ({ pipelineName: runName(facts) })),
  'pipelinerun.finished': run((facts) => ({ pipelineName: runName(facts), outcome: facts.outcome, ...errors(facts) })),
  'build.queued': run(() => ({})),
  'build.started': run(() => ({})),
  'build.finished': run((facts) => ({ artifactId: artifactId(facts) })),
  'artifact.published': artifact,
  'artifact.deleted': artifact,
  'artifact.downloaded': artifact,
  'change.created': (facts) => ({ ...change(facts), content: { description: shortText(facts) } }),
  'change.updated': change,
  'change.reviewed': change,
  'change.merged': change,
  'change.abandoned': change,
  'branch.created': branch,
  'branch.deleted': branch,
  'repository.modified': repository,
  'repository.deleted': repository,
});
