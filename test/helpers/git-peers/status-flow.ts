import { parseArgoNotification } from '../../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../../lib/argocd/state/memory-state-store.js';
import type { ArgoStateStore } from '../../../lib/argocd/state/state-store.js';
import { buildCDEvent } from '../../../lib/cdevents/build-cdevent.js';
import type { CommitStatusTarget } from '../../../lib/commit-status/config/commit-status-target.js';
import { loadCommitStatusTargets } from '../../../lib/commit-status/config/load-commit-status-targets.js';
import { argoStatusSubject } from '../../../lib/commit-status/plan/argo-status-subject.js';
import { fluxStatusSubject } from '../../../lib/commit-status/plan/flux-status-subject.js';
import { planStatusWrites } from '../../../lib/commit-status/plan/plan-status-writes.js';
import type { StatusWrite } from '../../../lib/commit-status/plan/status-write.js';
import { loadFluxMapping } from '../../../lib/flux/mapping-overrides.js';
import { mapFluxEvent, type FluxMapOptions } from '../../../lib/flux/map-flux-event.js';
import { parseFluxEvent } from '../../../lib/flux/parse-flux-event.js';

const SEMANTIC = loadFluxMapping({ profile: 'semantic' });

/** Targets from a JSON file text built from plain objects (the loader validates them). */
export function targetsOf(...targets: Record<string, unknown>[]): readonly CommitStatusTarget[] {
  return loadCommitStatusTargets(JSON.stringify({ targets }), 'test.json');
}

/**
 * What the Flux route will do with a body: parse it, map it with the semantic profile, build the
 * 0.5.1 CDEvents, take the status subject and plan the writes (all real code).
 */
export function fluxWrites(targets: readonly CommitStatusTarget[], body: unknown, options: FluxMapOptions = { cluster: 'default' }): StatusWrite[] {
  const { event } = parseFluxEvent(body);
  const events = mapFluxEvent(event, SEMANTIC, options).drafts.map((draft) => buildCDEvent(draft, '0.5.1'));
  return planStatusWrites(targets, fluxStatusSubject(event), events);
}

/** A real Argo CD processor whose plans are turned into status writes, committed after each step. */
export function argoFlow(targets: readonly CommitStatusTarget[], clock: () => Date, store: ArgoStateStore = new MemoryArgoStateStore()) {
  const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 900, now: () => new Date(clock().getTime() + 60_000) });
  return async (body: unknown): Promise<StatusWrite[]> => {
    const notification = parseArgoNotification(body);
    const plan = await processor.plan(notification);
    await plan.commit();
    return planStatusWrites(targets, argoStatusSubject(notification), plan.drafts.map((draft) => buildCDEvent(draft, '0.5.1')));
  };
}
