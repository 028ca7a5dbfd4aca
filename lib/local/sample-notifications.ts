/** A Flux event a newcomer can paste to see a CDEvent come out (a HelmRelease upgrade). */
export const SAMPLE_FLUX_EVENT = {
  involvedObject: { kind: 'HelmRelease', namespace: 'apps', name: 'podinfo', uid: '5e3c6f0a-8d2b-4c1e-9f7a-1b2c3d4e5f60', apiVersion: 'helm.toolkit.fluxcd.io/v2' },
  severity: 'info',
  timestamp: '2026-11-21T09:00:00Z',
  message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1',
  reason: 'UpgradeSucceeded',
  metadata: { revision: '6.6.1', 'app-version': '6.6.1', env: 'production' },
  reportingController: 'helm-controller',
};

/** Seconds before `now` the sample sync started and finished: a sync that just happened. */
const SYNC_STARTED_SECONDS_AGO = 20;
const SYNC_FINISHED_SECONDS_AGO = 10;

function secondsBefore(now: Date, seconds: number): string {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * An Argo CD notification as the `cdevents-deployed` template of infra/argocd/argocd-notifications-cm.yaml
 * sends it (`{"event","timestamp","context","app"}`), around a minimal Application whose sync just
 * succeeded. Its times are taken from `now`, so it reads like a live sync under any
 * `ARGOCD_MAX_EVENT_AGE_SECONDS`, and each start's sample is a new deployment rather than a
 * duplicate of the previous one.
 */
export function sampleArgoCdNotification(now: Date): Record<string, unknown> {
  const revision = '53e28ff20cc530b9ada2173fbbd64d48338583ba';
  const source = { repoURL: 'https://github.com/argoproj/argocd-example-apps', path: 'guestbook', targetRevision: 'HEAD' };
  const startedAt = secondsBefore(now, SYNC_STARTED_SECONDS_AGO);
  const finishedAt = secondsBefore(now, SYNC_FINISHED_SECONDS_AGO);
  return {
    event: 'deployed',
    timestamp: secondsBefore(now, 0),
    context: { argocdUrl: 'https://argocd.example.com', argocdInstance: 'local' },
    app: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'guestbook', namespace: 'argocd', uid: '0b7c2f4e-3a1d-4e5f-8a9b-6c7d8e9f0a1b' },
      spec: { project: 'default', source, destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' } },
      status: {
        sync: { status: 'Synced', revision },
        health: { status: 'Healthy' },
        operationState: { phase: 'Succeeded', startedAt, finishedAt, syncResult: { revision, source } },
        history: [{ id: 1, revision, deployStartedAt: startedAt, deployedAt: finishedAt, source }],
      },
    },
  };
}
