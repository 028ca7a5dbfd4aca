import { MAX_EVENT_AGE_SETTING } from '../argocd/config/read-max-event-age.js';
import { parseArgoNotification } from '../argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../argocd/process-notification.js';
import { MemoryArgoStateStore } from '../argocd/state/memory-state-store.js';
import { buildCDEvent } from '../cdevents/build-cdevent.js';
import type { CDEvent, CDEventDraft } from '../cdevents/types.js';
import type { BridgeConfig } from '../config/load-config.js';
import { mapFluxEvent } from '../flux/map-flux-event.js';
import type { FluxMapping } from '../flux/mapping-overrides.js';
import { parseFluxEvent } from '../flux/parse-flux-event.js';
import { loadConfiguredFluxMapping } from '../webhook/flux-webhook.js';

/** What the bridge would emit for one body. */
export interface DryRunResult {
  /** The CDEvents, rendered for the configured spec version, in delivery order. */
  events: CDEvent[];
  /** Why nothing is emitted (set exactly when `events` is empty), worded as the bridge answers it. */
  ignored?: string;
  /** What the bridge would log as a warning, without the sender's names. */
  warnings: string[];
}

function result(drafts: readonly CDEventDraft[], config: BridgeConfig, ignored: string | undefined, warnings: string[]): DryRunResult {
  if (drafts.length === 0) return { events: [], ignored: ignored ?? 'no mapping rule', warnings };
  return { events: drafts.map((draft) => buildCDEvent(draft, config.specVersion)), warnings };
}

/** Maps one JSON body; built once per run, as each route's handler is built once per container. */
export type DryRunMapper = (body: Record<string, unknown>) => Promise<DryRunResult>;

/**
 * The mapper of a route, prepared the way its handler is at start: for Flux the mapping (profile
 * and mapping file) is loaded first, so a bad mapping file is reported before any body is read.
 * @throws ConfigError for an unreadable or invalid mapping file.
 */
export function createDryRunMapper(source: 'flux' | 'argocd', config: BridgeConfig): DryRunMapper {
  if (source === 'argocd') return (body) => mapArgoBody(body, config);
  const mapping = loadConfiguredFluxMapping(config);
  return async (body) => mapFluxBody(body, config, mapping);
}

/**
 * Maps a Flux event body the way the `/flux` route does: `parseFluxEvent`, `mapFluxEvent` with the
 * loaded mapping, `buildCDEvent`.
 * @throws BadRequestError for invalid fields.
 */
export function mapFluxBody(body: Record<string, unknown>, config: BridgeConfig, mapping: FluxMapping): DryRunResult {
  const parsed = parseFluxEvent(body);
  const clashes = parsed.metadataClashes.length;
  const warnings = clashes > 0 ? [`metadata key clash: controller keys win over annotation keys (${clashes})`] : [];
  const mapped = mapFluxEvent(parsed.event, mapping, { cluster: config.cluster, defaultEnvironment: config.defaultEnvironment });
  return result(mapped.drafts, config, mapped.ignored, warnings);
}

/**
 * Maps an Argo CD notification body the way the `/argocd` route does, against an empty in-memory
 * state: the application is seen for the first time, and nothing is kept after the run.
 * @throws BadRequestError for invalid fields.
 */
export async function mapArgoBody(body: Record<string, unknown>, config: BridgeConfig): Promise<DryRunResult> {
  const processor = createArgoProcessor({
    store: new MemoryArgoStateStore(),
    defaultInstance: config.argocd.instance,
    maxEventAgeSeconds: config.argocd.maxEventAgeSeconds,
  });
  const plan = await processor.plan(parseArgoNotification(body));
  const warnings = plan.outcome === 'stale' ? [`older than the age bound; ${MAX_EVENT_AGE_SETTING}=0 maps it whatever its age`] : [];
  return result(plan.drafts, config, `${plan.outcome}: ${plan.reason}`, warnings);
}
