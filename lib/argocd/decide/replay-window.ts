import type { ArgoEventName } from '../parse/argo-types.js';
import type { ArgoEventTime } from './event-time.js';

/** Default replay window: notifications about events older than this emit nothing (15 minutes). */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 900;

/** Deletions get a longer window (at least a day): see {@link isStaleEvent}. */
export const DELETED_REPLAY_WINDOW_SECONDS = 86_400;

/**
 * True when a notification is a stale replay: its event time (the Application's own time, see
 * `argoEventTime`) is more than the replay window before `now`.
 *
 * Argo CD re-sends every trigger whose condition is true when a subscription is first installed,
 * after its `notified` annotation is truncated, and for every `created` of a pre-existing app.
 * Without a window that is a burst of old deployed/created/health/incident events. For stale
 * notifications the processor still records state (deployed revisions, so later rollback
 * detection works; destination membership) but emits nothing — with one exception: a stale
 * `health-healthy` still resolves an incident the bridge opened.
 *
 * `deleted` uses `max(window, DELETED_REPLAY_WINDOW_SECONDS)`: a deletion is a one-off, final
 * event and only fires while the Application lingers with a finalizer, so it cannot cause a large
 * burst; a deletion stuck on a finalizer for more than a day is treated as stale.
 *
 * A window of 0 turns the check off (every notification is current), e.g. to backfill history.
 */
export function isStaleEvent(event: ArgoEventName, time: ArgoEventTime, now: Date, replayWindowSeconds: number): boolean {
  if (replayWindowSeconds === 0) return false;
  const windowSeconds = event === 'deleted' ? Math.max(replayWindowSeconds, DELETED_REPLAY_WINDOW_SECONDS) : replayWindowSeconds;
  return now.getTime() - Date.parse(time.timestamp) > windowSeconds * 1000;
}

/**
 * The start of the replay window at `now` (ISO): what the Application shows from before it is a
 * replay too (see `isStaleEvent`). `undefined` when the window is 0 (off).
 */
export function replayWindowStart(now: Date, replayWindowSeconds: number): string | undefined {
  return replayWindowSeconds === 0 ? undefined : new Date(now.getTime() - replayWindowSeconds * 1000).toISOString();
}
