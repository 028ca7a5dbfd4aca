import type { CDEventLink } from './types.js';

/**
 * The `linkKind` values of the bridge's RELATION links (CDEvents leaves `linkKind` free text):
 *
 * | kind | on | target |
 * |---|---|---|
 * | `resolves` | incident.resolved | the incident.detected it resolves |
 * | `follows` | incident.detected | the service event of the deployment running when the problem was seen |
 * | `remediates` | service.rolledback | each incident.detected open when the rollback started |
 */
export const LINK_KINDS = {
  resolves: 'resolves',
  follows: 'follows',
  remediates: 'remediates',
} as const;

/** One of {@link LINK_KINDS}. */
export type LinkKind = (typeof LINK_KINDS)[keyof typeof LINK_KINDS];

/** An embedded RELATION link to the event with id `contextId`. */
export function relationLink(kind: LinkKind, contextId: string): CDEventLink {
  return { linkType: 'RELATION', linkKind: kind, target: { contextId } };
}
