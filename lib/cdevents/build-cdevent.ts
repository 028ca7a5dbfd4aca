import { eventType, subjectType041 } from './event-types.js';
import type { CDEvent, CDEventDraft, CDEventKind, SpecVersion } from './types.js';

/** Subjects whose `uri` content field is called `url` in 0.4.1. */
const URL_SUBJECTS_041 = new Set(['environment', 'pipelinerun', 'taskrun', 'repository']);
/** Subjects whose 0.4.1 outcome enum is `pass|fail|cancel|error`. */
const PASS_FAIL_SUBJECTS_041 = new Set(['testcaserun', 'testsuiterun']);
const OUTCOMES_041: Record<string, string> = { success: 'pass', failure: 'fail' };

/**
 * Renders a version-neutral draft as a CDEvent of the given spec version.
 * The draft is not modified; `customData` is carried as JSON. `chainId` is rendered in both
 * versions (both schemas define it); `links` only in 0.5.1, so 0.4.x consumers get no links.
 */
export function buildCDEvent(draft: CDEventDraft, specVersion: SpecVersion): CDEvent {
  const type = eventType(draft.kind, specVersion);
  const is041 = specVersion === '0.4.1';
  const event: CDEvent = {
    context: is041
      ? { version: specVersion, id: draft.id, source: draft.source, type, timestamp: draft.timestamp }
      : { specversion: specVersion, id: draft.id, source: draft.source, type, timestamp: draft.timestamp },
    subject: subjectOf(draft, is041),
  };
  if (draft.chainId) event.context.chainId = draft.chainId;
  if (draft.links && draft.links.length > 0 && !is041) event.context.links = draft.links.map((link) => ({ ...link, target: { ...link.target } }));
  if (draft.customData) {
    event.customData = draft.customData;
    event.customDataContentType = 'application/json';
  }
  return event;
}

/**
 * The subject: id, then `source` and (0.4.1) `type` when present, then content. Members are set in
 * that order rather than spread in: spreads that add members are a slow path on Node 20.
 */
function subjectOf(draft: CDEventDraft, is041: boolean): CDEvent['subject'] {
  const subject = { id: draft.subjectId } as CDEvent['subject'];
  if (draft.subjectSource) subject.source = draft.subjectSource;
  if (is041) subject.type = subjectType041(draft.kind);
  subject.content = is041 ? contentFor041(draft.kind, draft.content) : draft.content;
  return subject;
}

function contentFor041(kind: CDEventKind, content: Record<string, unknown>): Record<string, unknown> {
  const subject = kind.slice(0, kind.indexOf('.'));
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(content)) {
    if (key === 'uri' && URL_SUBJECTS_041.has(subject)) renamed.url = value;
    else if (key === 'outcome' && PASS_FAIL_SUBJECTS_041.has(subject)) renamed.outcome = OUTCOMES_041[String(value)] ?? value;
    else renamed[key] = value;
  }
  return renamed;
}
