import { describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { argoStatusSubject } from '../../lib/commit-status/plan/argo-status-subject.js';
import { sampleArgoCdNotification } from '../../lib/local/sample-notifications.js';

const DRY = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const HYDRATED = '53e28ff20cc530b9ada2173fbbd64d48338583ba';

/** The sample notification as an Argo CD 3.x app with the Source Hydrator would send it. */
function hydratedNotification(status: Record<string, unknown>): ReturnType<typeof parseArgoNotification> {
  const body = sampleArgoCdNotification(new Date('2026-11-26T00:00:00Z')) as { app: { spec: Record<string, unknown>; status: Record<string, unknown> } };
  body.app.spec.sourceHydrator = { drySource: { repoURL: 'https://github.com/shop-org/cart-config', targetRevision: 'main', path: 'cart' } };
  body.app.status.sourceHydrator = status;
  return parseArgoNotification(body as unknown as Record<string, unknown>);
}

describe('commit statuses of a hydrated Argo CD app (Source Hydrator)', () => {
  it('report on the dry commit in the dry source repository, not on the hydrated one', () => {
    const subject = argoStatusSubject(hydratedNotification({ lastSuccessfulOperation: { drySHA: DRY, hydratedSHA: HYDRATED } }));
    expect(subject.revisions).toEqual([{ repoUrl: 'https://github.com/shop-org/cart-config', sha: DRY }]);
  });

  it('use the running hydration when none succeeded yet, and the synced commit when there is no dry SHA', () => {
    expect(argoStatusSubject(hydratedNotification({ currentOperation: { drySHA: DRY.toUpperCase() } })).revisions[0]!.sha).toBe(DRY);
    expect(argoStatusSubject(hydratedNotification({})).revisions).toEqual([
      { repoUrl: 'https://github.com/argoproj/argocd-example-apps', sha: HYDRATED },
    ]);
  });
});
