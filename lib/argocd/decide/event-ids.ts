import { deterministicId } from '../../cdevents/deterministic-id.js';

/**
 * The `context.id` of a service event (deployed, upgraded, rolledback, removed): from the app uid,
 * the kind and the occurrence key (`argoEventTime`), so every redelivery yields the same id.
 */
export function serviceEventId(uid: string, kind: string, occurrenceKey: string): string {
  return deterministicId(uid, kind, occurrenceKey);
}

/** The `context.id` of an incident event: from the incident's subject id and the kind. */
export function incidentEventId(incidentSubjectId: string, kind: 'incident.detected' | 'incident.resolved'): string {
  return deterministicId(incidentSubjectId, kind);
}

/** The `context.id` of an environment event: from the environment id, the kind and the app uid. */
export function environmentEventId(environmentId: string, kind: string, uid: string): string {
  return deterministicId(environmentId, kind, uid);
}
