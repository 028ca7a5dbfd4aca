import type { FluxEvent } from '../../flux/flux-event.js';
import { getRevision, parseRevision } from '../../flux/parse-revision.js';
import type { StatusSubject } from './status-subject.js';

/**
 * The commit-status facts of a parsed Flux event. The commit follows fluxcd/pkg
 * `Event.GetRevision()`: metadata `commit`, then `originRevision`, then `revision`, parsed like
 * notification-controller's `parseRevision` (`main@sha1:<sha>`, legacy `main/<sha>`, bare SHA);
 * a chart version or an OCI digest gives no revision, so no status.
 */
export function fluxStatusSubject(event: FluxEvent): StatusSubject {
  const raw = getRevision(event.metadata);
  const commit = raw ? parseRevision(raw).commit : undefined;
  const { kind, name, namespace } = event.involvedObject;
  return { tool: 'flux', object: { kind, name, namespace }, revisions: commit ? [{ sha: commit }] : [], reason: event.reason };
}
