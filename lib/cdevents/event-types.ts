import { CDEVENT_KINDS, type CDEventKind, type SpecVersion } from './types.js';

/** Event type versions that differ from the subject's default, per spec version. */
const VERSION_EXCEPTIONS: Record<SpecVersion, Partial<Record<CDEventKind, string>>> = {
  '0.4.1': {
    'artifact.deleted': '0.1.0', 'artifact.downloaded': '0.1.0', 'change.created': '0.3.0',
    'testcaserun.skipped': '0.1.0', 'ticket.created': '0.1.0', 'ticket.updated': '0.1.0', 'ticket.closed': '0.1.0',
  },
  '0.5.1': {
    'artifact.deleted': '0.2.0', 'artifact.downloaded': '0.2.0', 'change.created': '0.4.0',
    'testcaserun.skipped': '0.2.0', 'ticket.created': '0.2.0', 'ticket.updated': '0.2.0', 'ticket.closed': '0.2.0',
  },
};

const DEFAULT_TYPE_VERSION: Record<SpecVersion, string> = { '0.4.1': '0.2.0', '0.5.1': '0.3.0' };

/** `subject.type` values required by 0.4.1 (removed in 0.5.x). */
const SUBJECT_TYPES_041: Record<string, string> = {
  taskrun: 'taskRun', pipelinerun: 'pipelineRun', testcaserun: 'testCaseRun',
  testsuiterun: 'testSuiteRun', testoutput: 'testOutput',
};

/**
 * The full CDEvents type string for a kind in a spec version.
 * @example eventType('service.deployed', '0.5.1') === 'dev.cdevents.service.deployed.0.3.0'
 */
export function eventType(kind: CDEventKind, specVersion: SpecVersion): string {
  const version = VERSION_EXCEPTIONS[specVersion][kind] ?? DEFAULT_TYPE_VERSION[specVersion];
  return `dev.cdevents.${kind}.${version}`;
}

/** The 0.4.1 `subject.type` for a kind, e.g. `taskRun` for `taskrun.finished`. */
export function subjectType041(kind: CDEventKind): string {
  const subject = kind.slice(0, kind.indexOf('.'));
  return SUBJECT_TYPES_041[subject] ?? subject;
}

/**
 * Resolves a user-written event type: a short kind (`pipelinerun.finished`), a kind with the
 * `dev.cdevents.` prefix, or a full type string of either supported spec version.
 * @returns the kind, or `undefined` when the text names no CDEvent.
 */
export function parseEventKind(text: string): CDEventKind | undefined {
  const match = /^(?:dev\.cdevents\.)?([a-z]+\.[a-z]+)(?:\.(\d+\.\d+\.\d+))?$/.exec(text.trim());
  if (!match) return undefined;
  const kind = match[1] as CDEventKind;
  if (!(CDEVENT_KINDS as readonly string[]).includes(kind)) return undefined;
  const version = match[2];
  if (version && !(['0.4.1', '0.5.1'] as const).some((spec) => eventType(kind, spec).endsWith(`.${version}`))) {
    return undefined;
  }
  return kind;
}
