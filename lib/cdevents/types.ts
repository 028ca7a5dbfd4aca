/** CDEvents spec versions the bridge can emit. 0.5.1 is the default; 0.4.1 is for 0.4.x consumers. */
export type SpecVersion = '0.5.1' | '0.4.1';

/** The spec versions accepted by configuration, default first. */
export const SPEC_VERSIONS: readonly SpecVersion[] = ['0.5.1', '0.4.1'];

/** A reference to another subject (`environment`, `service`, `pipelineRun`, ...). */
export interface SubjectReference {
  id: string;
  source?: string;
}

/**
 * An embedded RELATION link (`links/embeddedlinkrelation`): this event relates to the event whose
 * `context.id` is `target.contextId`, in the way `linkKind` names (see `LINK_KINDS`).
 * @see https://github.com/cdevents/spec/blob/v0.5.1/links.md
 */
export interface CDEventLink {
  linkType: 'RELATION';
  linkKind: string;
  target: { contextId: string };
}

/**
 * A version-neutral description of one CDEvent, written in the 0.5.1 vocabulary
 * (`uri`, outcome `success|failure|cancel|error`). Mapping code produces these;
 * {@link buildCDEvent} renders them for the configured spec version.
 */
export interface CDEventDraft {
  /** `<subject>.<predicate>`, e.g. `service.deployed`. */
  kind: CDEventKind;
  /** Deterministic event id (see `deterministicId`). */
  id: string;
  /** `context.source`: a URI reference naming the producer. */
  source: string;
  /** RFC 3339 time of the occurrence. */
  timestamp: string;
  subjectId: string;
  subjectSource?: string;
  content: Record<string, unknown>;
  customData?: Record<string, unknown>;
  /** `context.chainId`: shared by every event caused by one source revision (see `chainIdOf`). */
  chainId?: string;
  /** `context.links`: embedded links to other events (rendered for spec 0.5.1 only). */
  links?: CDEventLink[];
}

/** A CDEvent as put on the wire (`context`, `subject`, optional custom data). */
export interface CDEvent {
  context: {
    specversion?: string;
    version?: string;
    id: string;
    source: string;
    type: string;
    timestamp: string;
    chainId?: string;
    links?: CDEventLink[];
  };
  subject: {
    id: string;
    source?: string;
    type?: string;
    content: Record<string, unknown>;
  };
  customData?: Record<string, unknown>;
  customDataContentType?: string;
}

/** Every `<subject>.<predicate>` pair defined by CDEvents 0.4.1 and 0.5.1. */
export const CDEVENT_KINDS = [
  'artifact.deleted', 'artifact.downloaded', 'artifact.packaged', 'artifact.published', 'artifact.signed',
  'branch.created', 'branch.deleted',
  'build.queued', 'build.started', 'build.finished',
  'change.abandoned', 'change.created', 'change.merged', 'change.reviewed', 'change.updated',
  'environment.created', 'environment.modified', 'environment.deleted',
  'incident.detected', 'incident.reported', 'incident.resolved',
  'pipelinerun.queued', 'pipelinerun.started', 'pipelinerun.finished',
  'repository.created', 'repository.modified', 'repository.deleted',
  'service.deployed', 'service.upgraded', 'service.rolledback', 'service.removed', 'service.published',
  'taskrun.started', 'taskrun.finished',
  'testcaserun.queued', 'testcaserun.started', 'testcaserun.finished', 'testcaserun.skipped',
  'testoutput.published',
  'testsuiterun.queued', 'testsuiterun.started', 'testsuiterun.finished',
  'ticket.created', 'ticket.updated', 'ticket.closed',
] as const;

/** `<subject>.<predicate>` of a CDEvent, e.g. `service.deployed`. */
export type CDEventKind = (typeof CDEVENT_KINDS)[number];
