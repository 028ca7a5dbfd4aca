import { hash } from 'node:crypto';
import { deterministicId } from '../cdevents/deterministic-id.js';
import type { CDEventKind } from '../cdevents/types.js';
import type { FluxFacts } from './flux-facts.js';

function messageHash(message: string): string {
  return hash('sha256', message).slice(0, 16);
}

/**
 * The deterministic `context.id` of one CDEvent made from a Flux event, so a redelivered event
 * (NC retry, two Alerts with the same metadata) yields the same id and is deduplicated downstream.
 *
 * - Normally: object (uid, else kind/namespace/name), reason, timestamp, revision, message hash.
 * - Periodic refreshes (`ReconciliationSucceeded`, `commit_status: update`) with a revision:
 *   object, reason and revision only. Flux resends them every interval with a new timestamp and a
 *   message holding a duration; leaving both out gives one id per applied revision.
 *
 * The environment id and the CDEvent kind are always included: copies sent with different Alert
 * metadata are different events, and two drafts from one Flux event get different ids.
 */
export function fluxContextId(facts: FluxFacts, kind: CDEventKind): string {
  const { event } = facts;
  const { uid, kind: objectKind, namespace, name } = event.involvedObject;
  const object = uid ?? `${objectKind}/${namespace}/${name}`;
  const { commit = '', originRevision = '', revision = '' } = event.metadata;
  const revisions = [commit, originRevision, revision].join('|');
  if (facts.periodic) return deterministicId('flux', object, event.reason, revisions, facts.environmentId, kind);
  return deterministicId('flux', object, event.reason, facts.timestamp, revisions, messageHash(event.message), facts.environmentId, kind);
}
