import type { ArgoEventTime } from './event-time.js';
import { MAX_EVENT_AGE_SETTING } from '../config/read-max-event-age.js';

/** How a decision names the age bound when it holds an event back: the reason names the setting. */
export const AGE_BOUND = `the age bound (${MAX_EVENT_AGE_SETTING})`;

/**
 * True when an event is older than the optional age bound: its time (the Application's own, see
 * `argoEventTime`) is more than `maxEventAgeSeconds` before `now`. 0 turns the bound off, the
 * default: what was already emitted is then decided by the state alone (recorded deployments,
 * incidents, destinations, deletions), so a late notification is emitted once with its original
 * time and id, and a replay of one already emitted emits nothing, whatever its age.
 *
 * Events held back by the bound still update the state (a deployment is recorded, so rollback
 * detection keeps working; a destination is marked known), and a clear state still resolves an
 * incident the bridge opened.
 */
export function isBeyondAgeBound(time: ArgoEventTime, now: Date, maxEventAgeSeconds: number): boolean {
  if (maxEventAgeSeconds === 0) return false;
  return now.getTime() - Date.parse(time.timestamp) > maxEventAgeSeconds * 1000;
}

/** The oldest time inside the age bound at `now` (ISO), or `undefined` when the bound is off (0). */
export function ageBoundStart(now: Date, maxEventAgeSeconds: number): string | undefined {
  return maxEventAgeSeconds === 0 ? undefined : new Date(now.getTime() - maxEventAgeSeconds * 1000).toISOString();
}
