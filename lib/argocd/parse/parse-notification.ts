import { safeParse } from 'valibot';
import { ArgoNotificationSchema } from './argo-notification-schema.js';
import type { ArgoNotification } from './argo-types.js';
import { BadRequestError } from '../../http/http-error.js';
import { describeIssues } from '../../validation/describe-issues.js';

/**
 * Validates an Argo CD notification body (already parsed from JSON) with
 * {@link ArgoNotificationSchema}: the bridge's template, a `{timestamp, context, app}` body or a
 * bare Application. Only known fields are copied into the result.
 *
 * @example
 * parseArgoNotification({ event: 'deployed', timestamp: '2025-10-02T16:06:22Z',
 *   context: { argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod' },
 *   app: { metadata: {…}, spec: {…}, status: {…} } })
 * @throws BadRequestError naming every invalid field and what was expected, never the value, e.g.
 *   `field 'app.metadata.uid' is required; field 'app.status.operationState.finishedAt' is not an RFC 3339 date-time`.
 */
export function parseArgoNotification(body: unknown): ArgoNotification {
  const result = safeParse(ArgoNotificationSchema, body);
  if (!result.success) throw new BadRequestError(describeIssues(result.issues));
  return result.output;
}
