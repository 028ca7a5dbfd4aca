/** The state of a commit status in the bridge's words; each provider adapter translates it. */
export type StatusState = 'pending' | 'success' | 'failure';

/**
 * One commit status to set on one target. Plain JSON, so it can wait in the outbox and come back
 * later: the sink looks the target up by name and never needs anything else.
 */
export interface StatusWrite {
  /** The target's `name` in the commit-status file. */
  target: string;
  /** 40-hex commit. */
  sha: string;
  /** The readable context (status name), within the provider's limit. */
  context: string;
  state: StatusState;
  /** Reason, environment and short SHA, within the provider's limit. */
  description: string;
  /** Link shown with the status, when there is one. */
  url?: string;
  /** RFC 3339 time of the event: an older event never overwrites a newer status. */
  eventTime: string;
  /** The CDEvent the status was decided from (`context.id`), for the deliveries history. */
  eventId: string;
}
