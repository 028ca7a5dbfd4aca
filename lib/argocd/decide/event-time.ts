import type { ArgoApplication, ArgoEventName, ArgoNotification } from '../parse/argo-types.js';

/** When an Argo CD event happened, and the keys that identify the notification. */
export interface ArgoEventTime {
  /** `context.timestamp` of the drafts: the app's own time for the event, normalised ISO. */
  timestamp: string;
  /** True when `timestamp` came from the Application (not the body's send time or `now`). */
  fromApp: boolean;
  /** The app's time key that identifies the occurrence (e.g. the operation's `startedAt`); part of every event id. */
  occurrenceKey: string;
  /**
   * Redelivery-suppression key of the notification. For `deployed` it also holds the health
   * transition time, so a re-fire after a health flap is processed (and can resolve an incident)
   * while the deployment itself is recognised as already recorded.
   */
  dedupeKey: string;
}

function latestConditionTime(app: ArgoApplication): string | undefined {
  return app.conditions.map((c) => c.lastTransitionTime).filter((t): t is string => !!t).sort().at(-1);
}

/** The app's own time of the event (timestamp) and its occurrence key, when the app has them. */
function appTimes(app: ArgoApplication, event: ArgoEventName): { timestamp?: string; key?: string } {
  const operation = app.operationState;
  switch (event) {
    case 'deployed':
      return { timestamp: operation?.finishedAt ?? app.history.at(-1)?.deployedAt, key: operation?.startedAt };
    case 'sync-failed':
      return { timestamp: operation?.finishedAt ?? operation?.startedAt, key: operation?.startedAt };
    case 'sync-status-unknown': {
      const time = latestConditionTime(app) ?? app.reconciledAt;
      return { timestamp: time, key: time };
    }
    case 'health-degraded':
    case 'health-healthy':
      return { timestamp: app.health.lastTransitionTime, key: app.health.lastTransitionTime };
    case 'deleted':
      return { timestamp: app.deletionTimestamp, key: 'deleted' };
    case 'created':
      return { timestamp: app.creationTimestamp, key: 'created' };
  }
}

/**
 * The time and keys of a notification's event. The timestamp is the app's own time
 * (`operationState.finishedAt` for deployed/sync-failed, `health.lastTransitionTime` for health
 * events, `deletionTimestamp`, `creationTimestamp`, the newest condition time for sync-status-unknown);
 * the body's `timestamp` is used only when the app has none, then `status.reconciledAt`, then `now`.
 */
export function argoEventTime(notification: ArgoNotification, event: ArgoEventName, now: Date): ArgoEventTime {
  const { app } = notification;
  const own = appTimes(app, event);
  const timestamp = own.timestamp ?? notification.sentAt ?? app.reconciledAt ?? now.toISOString();
  const occurrenceKey = own.key ?? timestamp;
  const healthKey = event === 'deployed' ? `#${app.health.status ?? ''}@${app.health.lastTransitionTime ?? ''}` : '';
  return {
    timestamp,
    fromApp: own.timestamp !== undefined,
    occurrenceKey,
    dedupeKey: `${app.uid}#${event}#${occurrenceKey}${healthKey}`,
  };
}
