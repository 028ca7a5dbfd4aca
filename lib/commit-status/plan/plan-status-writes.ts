import type { CDEvent } from '../../cdevents/types.js';
import type { CommitStatusTarget } from '../config/commit-status-target.js';
import { decideStatusState, environmentOf } from './decide-status-state.js';
import { matchesEventSources, repositoryIdentity } from './match-event-source.js';
import { PROVIDER_LIMITS } from './provider-limits.js';
import type { StatusSubject } from './status-subject.js';
import { cutText, fitUnique, humanizeReason } from './status-text.js';
import type { StatusState, StatusWrite } from './status-write.js';

/** Used as prefix when an event names no environment (no bridge event does today). */
const FALLBACK_PREFIX = 'cdevents-bridge';
/** Which write wins when one notification decides several states for one context. */
const SEVERITY: Record<StatusState, number> = { success: 0, pending: 1, failure: 2 };

/** The commit on the target's repository: Flux's only one, or the Argo CD source whose repo is the address. */
function commitFor(target: CommitStatusTarget, subject: StatusSubject): string | undefined {
  if (subject.tool === 'flux') return subject.revisions[0]?.sha;
  const address = repositoryIdentity(target.address);
  return subject.revisions.find((revision) => revision.repoUrl !== undefined && repositoryIdentity(revision.repoUrl) === address)?.sha;
}

/** The link: the Argo CD app page, else the target's template with URL-encoded values. */
function linkFor(target: CommitStatusTarget, subject: StatusSubject, sha: string): string | undefined {
  if (subject.url) return subject.url;
  if (!target.targetUrl) return undefined;
  const values: Record<string, string> = { ...subject.object, sha };
  return target.targetUrl.replace(/\{(kind|name|namespace|sha)\}/g, (_, key: string) => encodeURIComponent(values[key] ?? ''));
}

function writeFor(target: CommitStatusTarget, subject: StatusSubject, sha: string, event: CDEvent, state: StatusState): StatusWrite {
  const limits = PROVIDER_LIMITS[target.provider];
  const environment = environmentOf(event);
  const { kind, namespace, name } = subject.object;
  const context = `${target.prefix ?? environment ?? FALLBACK_PREFIX}/${kind.toLowerCase()}/${namespace}/${name}`;
  const description = [humanizeReason(subject.reason), environment, sha.slice(0, 7)].filter(Boolean).join(' · ');
  const url = linkFor(target, subject, sha);
  return {
    target: target.name, sha, context: fitUnique(context, limits.context), state,
    description: cutText(description, limits.description),
    ...(url ? { url } : {}),
    eventTime: new Date(event.context.timestamp).toISOString(),
    eventId: event.context.id,
  };
}

/** Keeps one write per target, commit and context: the newest event, the more severe on a tie. */
function keepOnePerContext(writes: StatusWrite[]): StatusWrite[] {
  const kept = new Map<string, StatusWrite>();
  for (const write of writes) {
    const key = `${write.target}\n${write.sha}\n${write.context}`;
    const other = kept.get(key);
    const newer = !other || write.eventTime > other.eventTime
      || (write.eventTime === other.eventTime && SEVERITY[write.state] > SEVERITY[other.state]);
    if (newer) kept.set(key, write);
  }
  return [...kept.values()];
}

/**
 * The commit statuses to set for one notification, from the targets, the notification's facts and
 * the CDEvents the bridge decided on. Pure: no I/O, no clock; the same input gives the same writes.
 * A target gets a write when one of its event sources names the object, its repository has a
 * 40-hex commit for it, and an event stands for a state (see `decideStatusState`).
 */
export function planStatusWrites(targets: readonly CommitStatusTarget[], subject: StatusSubject, events: readonly CDEvent[]): StatusWrite[] {
  const decided = events.flatMap((event) => {
    const state = decideStatusState(event);
    return state ? [{ event, state }] : [];
  });
  if (decided.length === 0) return [];
  const writes: StatusWrite[] = [];
  for (const target of targets) {
    if (!matchesEventSources(target.eventSources, subject)) continue;
    const sha = commitFor(target, subject);
    if (!sha) continue;
    for (const { event, state } of decided) writes.push(writeFor(target, subject, sha, event, state));
  }
  return keepOnePerContext(writes);
}
