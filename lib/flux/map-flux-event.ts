import { chainIdOf } from '../cdevents/chain-id.js';
import type { CDEventDraft, CDEventKind } from '../cdevents/types.js';
import { CONTENT_BUILDERS } from './content-builders.js';
import { fluxContextId } from './event-ids.js';
import { fluxCustomData } from './flux-custom-data.js';
import type { FluxEvent } from './flux-event.js';
import { deriveFluxFacts, type FluxFacts, type FluxMapOptions } from './flux-facts.js';
import { ruleLabel, targetKinds, type FluxMapping } from './mapping-rule.js';
import { resolveRule } from './resolve-rule.js';

export type { FluxMapOptions } from './flux-facts.js';

/** What one Flux event became. */
export interface FluxMappingResult {
  /** Zero, one or two drafts, ready for `buildCDEvent`. */
  drafts: CDEventDraft[];
  /** Label of the deciding rule, e.g. `semantic profile: HelmRelease/UpgradeSucceeded → service.upgraded`. */
  rule?: string;
  /** Why nothing was emitted; set exactly when `drafts` is empty. */
  ignored?: string;
}

function buildDraft(kind: CDEventKind, facts: FluxFacts, chainId: string | undefined): CDEventDraft {
  const builder = CONTENT_BUILDERS[kind];
  if (!builder) throw new Error(`no content builder for ${kind}; load mappings with loadFluxMapping`);
  const { subjectId, content } = builder(facts);
  const draft: CDEventDraft = {
    kind,
    id: fluxContextId(facts, kind),
    source: facts.source,
    timestamp: facts.timestamp,
    subjectId,
    content,
    customData: { flux: fluxCustomData(facts) },
  };
  if (chainId) draft.chainId = chainId;
  return draft;
}

/**
 * Maps a parsed Flux event to CDEvent drafts with the given mapping. Pure: no I/O, no clock, and
 * the same event always gives the same drafts (ids included).
 */
export function mapFluxEvent(event: FluxEvent, mapping: FluxMapping, options: FluxMapOptions): FluxMappingResult {
  const rule = resolveRule(event, mapping);
  const { kind, name, namespace } = event.involvedObject;
  if (!rule) {
    return { drafts: [], ignored: `no rule of the ${mapping.profile} profile or the overrides matches ${kind}/${event.reason} (${namespace}/${name})` };
  }
  const label = ruleLabel(rule);
  const kinds = targetKinds(rule.to);
  if (kinds.length === 0) return { drafts: [], rule: label, ignored: `${label}: ${rule.why}` };
  const facts = deriveFluxFacts(event, options);
  const chainId = chainIdOf({ revision: facts.revision?.commit ?? facts.revision?.digest, artifactId: facts.artifactId });
  return { drafts: kinds.map((target) => buildDraft(target, facts, chainId)), rule: label };
}
