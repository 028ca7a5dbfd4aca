import { parseEventKind } from '../../cdevents/event-types.js';
import type { CDEvent } from '../../cdevents/types.js';
import type { StatusState } from './status-write.js';

/** The Flux part of a CDEvent's customData (`lib/flux/flux-custom-data.ts`), as far as read here. */
function fluxObject(event: CDEvent): { kind?: unknown; reason?: unknown } | undefined {
  const flux = event.customData?.flux;
  return flux && typeof flux === 'object' ? (flux as { kind?: unknown; reason?: unknown }) : undefined;
}

/**
 * The commit status a CDEvent stands for, from the bridge's own decision: a deployment
 * (`service.deployed|upgraded|rolledback`) or a resolved incident → success; a detected incident
 * → failure. Flux Kustomizations emit `environment.modified`: `ReconciliationSucceeded` (applied
 * and healthy) → success, `Progressing` with a change set (applied, health still checked) →
 * pending. Anything else, removals included, → no status.
 */
export function decideStatusState(event: CDEvent): StatusState | undefined {
  switch (parseEventKind(event.context.type)) {
    case 'service.deployed':
    case 'service.upgraded':
    case 'service.rolledback':
    case 'incident.resolved':
      return 'success';
    case 'incident.detected':
      return 'failure';
    case 'environment.modified': {
      const flux = fluxObject(event);
      if (flux?.kind !== 'Kustomization') return undefined;
      if (flux.reason === 'ReconciliationSucceeded') return 'success';
      return flux.reason === 'Progressing' ? 'pending' : undefined;
    }
    default:
      return undefined;
  }
}

/** The environment a CDEvent names: `content.environment.id`, or the subject of an `environment.*` event. */
export function environmentOf(event: CDEvent): string | undefined {
  const environment = event.subject.content.environment;
  if (environment && typeof environment === 'object' && typeof (environment as { id?: unknown }).id === 'string') {
    return (environment as { id: string }).id;
  }
  return event.context.type.startsWith('dev.cdevents.environment.') ? event.subject.id : undefined;
}
