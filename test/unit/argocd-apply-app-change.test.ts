import { describe, expect, it } from 'vitest';
import { applyAppChange } from '../../lib/argocd/state/apply-app-change.js';
import {
  MAX_RESOLVED_PER_CAUSE, type ArgoAppRecord, type CauseChange, type CauseRecord, type IncidentCause,
} from '../../lib/argocd/state/state-store.js';

/** The former spread-and-delete writing of a cause change: the member order it gave is what is stored. */
function referenceCauseChange(current: CauseRecord | undefined, change: CauseChange): CauseRecord {
  const later = (a: string | undefined, b: string): string => (a !== undefined && Date.parse(a) >= Date.parse(b) ? a : b);
  const { open, resolve, clearedAt } = change;
  let resolved = [...(current?.resolved ?? [])];
  if (resolve && !resolved.some((r) => r.subjectId === resolve.subjectId)) resolved = [...resolved, resolve].slice(-MAX_RESOLVED_PER_CAUSE);
  const record: CauseRecord = { ...current, resolved };
  if (resolve && record.open?.subjectId === resolve.subjectId) delete record.open;
  if (open && !record.open && !resolved.some((r) => r.subjectId === open.subjectId)) record.open = open;
  if (clearedAt) record.clearedAt = later(record.clearedAt, clearedAt);
  if (resolved.length === 0) delete record.resolved;
  return record;
}

const incident = (subjectId: string, openedAt = '2025-01-01T00:00:00.000Z') => ({ subjectId, cause: 'health' as IncidentCause, openedAt });
const currents: (CauseRecord | undefined)[] = [
  undefined,
  {},
  { open: incident('a') },
  { clearedAt: '2025-01-02T00:00:00.000Z', open: incident('a') },
  { resolved: [{ subjectId: 'b', openedAt: '2025-01-01T00:00:00.000Z', resolvedAt: '2025-01-01T01:00:00.000Z' }], clearedAt: '2025-01-03T00:00:00.000Z' },
  { open: incident('a'), resolved: [{ subjectId: 'b', openedAt: '2025-01-01T00:00:00.000Z', resolvedAt: '2025-01-01T01:00:00.000Z' }] },
];
const changes: CauseChange[] = [
  { cause: 'health', clearedAt: '2025-01-02T12:00:00.000Z' },
  { cause: 'health', clearedAt: '2025-01-01T12:00:00.000Z' },
  { cause: 'health', open: incident('c') },
  { cause: 'health', open: incident('b') },
  { cause: 'health', resolve: { subjectId: 'a', openedAt: '2025-01-01T00:00:00.000Z', resolvedAt: '2025-01-02T00:00:00.000Z' }, clearedAt: '2025-01-02T00:00:00.000Z' },
  { cause: 'health', resolve: { subjectId: 'a', openedAt: '2025-01-01T00:00:00.000Z', resolvedAt: '2025-01-02T00:00:00.000Z' }, open: incident('d') },
  { cause: 'health', resolve: { subjectId: 'z', openedAt: '2025-01-01T00:00:00.000Z', resolvedAt: '2025-01-02T00:00:00.000Z' } },
];

describe('applyAppChange', () => {
  it('writes each cause record with the members and member order of the former spread-and-delete version', () => {
    for (const current of currents) {
      for (const change of changes) {
        const record: ArgoAppRecord = { deployments: [], causes: current ? { sync: { clearedAt: '2025-01-01T00:00:00.000Z' }, health: current } : undefined };
        const applied = applyAppChange(JSON.parse(JSON.stringify(record)) as ArgoAppRecord, { causes: [change] });
        const expected = { ...record.causes, health: referenceCauseChange(current, change) };
        expect(JSON.stringify(applied.causes)).toBe(JSON.stringify(expected));
      }
    }
  });

  it('adds causes after the stored ones, in the order of the change', () => {
    const applied = applyAppChange({ deployments: [], causes: { health: { clearedAt: '2025-01-01T00:00:00.000Z' } } }, {
      causes: [{ cause: 'sync-unknown', clearedAt: '2025-01-02T00:00:00.000Z' }, { cause: 'health', clearedAt: '2025-01-02T00:00:00.000Z' }],
    });
    expect(Object.keys(applied.causes ?? {})).toEqual(['health', 'sync-unknown']);
    expect(applied.causes?.health).toEqual({ clearedAt: '2025-01-02T00:00:00.000Z' });
  });
});
