import type { IncidentIntent } from './decision-types.js';
import type { ArgoAppRecord, IncidentCause } from '../state/state-store.js';

const CAUSES: readonly IncidentCause[] = ['sync', 'health', 'sync-unknown'];

const time = (iso: string): number => Date.parse(iso);

/**
 * The subject ids of the incidents a rollback remediates: those open when it started
 * (`operationState.startedAt`), by cause. That is an incident the record holds open, or resolved at
 * or after the start (a notification of the same trigger pass may have resolved it first), or one
 * detected from this same Application with a time before the start (its own notification of the
 * pass may come later). So the links are the same in any delivery order.
 */
export function remediatedIncidents(record: ArgoAppRecord | undefined, detected: readonly IncidentIntent[], startedAt: string): string[] {
  const start = time(startedAt);
  const ids = new Set<string>();
  for (const cause of CAUSES) {
    const causeRecord = record?.causes?.[cause];
    if (causeRecord?.open && time(causeRecord.open.openedAt) <= start) ids.add(causeRecord.open.subjectId);
    for (const r of causeRecord?.resolved ?? []) {
      if (time(r.openedAt) <= start && time(r.resolvedAt) >= start) ids.add(r.subjectId);
    }
  }
  for (const intent of detected) {
    if (intent.kind === 'incident.detected' && time(intent.timestamp) <= start) ids.add(intent.incident.subjectId);
  }
  return [...ids].sort();
}
