/**
 * The id scheme shared by the Flux and Argo CD sides, so that consumers can correlate tools.
 *
 * - scope: the cluster (Flux: `cluster` metadata or `BRIDGE_CLUSTER`; Argo CD: the destination
 *   cluster name, or the Argo CD instance for the in-cluster destination).
 * - environment: an explicit name when the user gave one, otherwise `<scope>/<namespace>`.
 * - service: `<scope>/<namespace>/<name>` of the object that deploys it (HelmRelease, Application).
 */
export function environmentId(scope: string, namespace: string): string {
  return `${scope}/${namespace}`;
}

/** The subject id of a service: `<scope>/<namespace>/<name>`. */
export function serviceId(scope: string, namespace: string, name: string): string {
  return `${scope}/${namespace}/${name}`;
}
