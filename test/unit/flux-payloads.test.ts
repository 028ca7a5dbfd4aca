import { describe, expect, it } from 'vitest';
import { CDEVENT_KINDS } from '../../lib/cdevents/types.js';
import { CONTENT_BUILDERS } from '../../lib/flux/content-builders.js';
import { fluxContextId } from '../../lib/flux/event-ids.js';
import { fluxCustomData } from '../../lib/flux/flux-custom-data.js';
import { deriveFluxFacts } from '../../lib/flux/flux-facts.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { UNDERIVABLE_CONTENT } from '../../lib/flux/underivable-content.js';
import { COMMIT, DIGEST, expectValidDrafts, HELM_OCI_METADATA, syntheticEvent, type SyntheticParts } from '../helpers/flux-fixtures.js';

const MAPPING = loadFluxMapping({ profile: 'semantic' });
const DIGEST_PURL = 'sha256%3A0cc9a8446c95009ef382f5eade883a67c257f77d50f84e78ecef2aac9428d1e5';

function artifactOf(parts: SyntheticParts): string | undefined {
  return deriveFluxFacts(syntheticEvent(parts), { cluster: 'c' }).artifactId;
}

describe('artifactId purls', () => {
  const helm = (metadata: Record<string, string>, message = 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1+0cc9a8446c95') =>
    artifactOf({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message, metadata });

  it('uses pkg:oci with an encoded digest when helm-controller sends oci-digest', () => {
    expect(helm(HELM_OCI_METADATA)).toBe(`pkg:oci/podinfo@${DIGEST_PURL}?tag=6.6.1`);
  });

  it('uses the image annotation when it pins a digest', () => {
    expect(helm({ revision: '6.6.1', image: `ghcr.io/stefanprodan/podinfo:6.6.1@${DIGEST}` }))
      .toBe(`pkg:oci/podinfo@${DIGEST_PURL}?repository_url=ghcr.io/stefanprodan/podinfo&tag=6.6.1`);
  });

  it('encodes the + of a chart version', () => {
    expect(helm({ revision: '6.6.1+0cc9a8446c95' })).toBe('pkg:generic/podinfo@6.6.1%2B0cc9a8446c95');
    expect(helm({}, 'Helm install succeeded for release apps/podinfo.v1 with chart my-chart@1.2.3')).toBe('pkg:generic/my-chart@1.2.3');
    expect(helm({})).toBe('pkg:generic/podinfo@6.6.1%2B0cc9a8446c95');
  });

  it('uses pkg:oci for an OCI source revision <tag>@sha256', () => {
    expect(artifactOf({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `latest@${DIGEST}` } })).toBe(`pkg:oci/apps@${DIGEST_PURL}?tag=latest`);
    expect(artifactOf({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `v1.0.0@${DIGEST}`, image: 'ghcr.io/org/manifests' } }))
      .toBe(`pkg:oci/manifests@${DIGEST_PURL}?repository_url=ghcr.io/org/manifests&tag=v1.0.0`);
  });

  it('uses the commit of a Git revision, as a git purl when the repository is known', () => {
    expect(artifactOf({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}` } })).toBe(`pkg:generic/apps@${COMMIT}`);
    expect(artifactOf({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}`, repoURL: 'ssh://git@gitea.example.com/team/fleet.git' } }))
      .toBe(`pkg:git/gitea.example.com/team/fleet@${COMMIT}`);
    expect(artifactOf({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `latest@${DIGEST}`, originRevision: `main@sha1:${COMMIT}` } }))
      .toBe(`pkg:oci/apps@${DIGEST_PURL}?tag=latest`);
    expect(artifactOf({ kind: 'GitRepository', reason: 'NewArtifact', metadata: { revision: `sha256:${'b'.repeat(64)}` } })).toBe(`pkg:generic/flux-system@sha256%3A${'b'.repeat(64)}`);
  });

  it('reads the image and digest of an ImagePolicy message', () => {
    expect(artifactOf({ kind: 'ImagePolicy', reason: 'Succeeded', message: `Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.6.1 with digest ${DIGEST}` }))
      .toBe(`pkg:oci/podinfo@${DIGEST_PURL}?repository_url=ghcr.io/stefanprodan/podinfo&tag=6.6.1`);
    expect(artifactOf({ kind: 'ImagePolicy', reason: 'Succeeded', message: 'Latest image tag for ghcr.io/stefanprodan/podinfo resolved to 6.6.1' }))
      .toBe('pkg:generic/podinfo@6.6.1?repository_url=ghcr.io/stefanprodan/podinfo');
  });

  it('is absent when the event names no version', () => {
    expect(artifactOf({ kind: 'Kustomization', reason: 'BuildFailed' })).toBeUndefined();
  });
});

describe('environment, scope and source', () => {
  const upgrade = (metadata: Record<string, string>) => syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', metadata: { revision: '6.6.1', ...metadata } });

  it('prefers metadata environment, then env, then the default, then <scope>/<namespace>', () => {
    const envOf = (metadata: Record<string, string>, defaultEnvironment?: string) =>
      deriveFluxFacts(upgrade(metadata), { cluster: 'prod-eu', defaultEnvironment }).environmentId;
    expect(envOf({ environment: 'production', env: 'prod' }, 'fallback')).toBe('production');
    expect(envOf({ env: 'prod' }, 'fallback')).toBe('prod');
    expect(envOf({}, 'fallback')).toBe('fallback');
    expect(envOf({})).toBe('prod-eu/apps');
    expect(envOf({ cluster: 'us-east' })).toBe('us-east/apps');
  });

  it('scopes service ids and the source with the cluster metadata, URI-safe', () => {
    const [draft] = mapFluxEvent(upgrade({ cluster: 'eu west/1' }), MAPPING, { cluster: 'prod-eu' }).drafts;
    expect(draft).toMatchObject({ subjectId: 'eu west/1/apps/podinfo', source: '/flux/eu%20west/1' });
    const [custom] = mapFluxEvent(upgrade({}), MAPPING, { cluster: 'prod-eu', source: 'https://bridge.example.com/flux' }).drafts;
    expect(custom!.source).toBe('https://bridge.example.com/flux');
  });

  it('uses the environment id as the subject of environment events', () => {
    const event = syntheticEvent({ kind: 'Kustomization', reason: 'ReconciliationSucceeded', metadata: { revision: `main@sha1:${COMMIT}`, env: 'staging' } });
    const [draft] = mapFluxEvent(event, MAPPING, { cluster: 'c' }).drafts;
    expect(draft).toMatchObject({ kind: 'environment.modified', subjectId: 'staging', content: { name: 'staging' } });
  });
});

describe('customData.flux', () => {
  it('carries everything Flux sent, all metadata included', () => {
    const event = syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded', metadata: { ...HELM_OCI_METADATA, env: 'prod', deploymentID: 'e076e315' } });
    expect(fluxCustomData(deriveFluxFacts(event, { cluster: 'c' }))).toEqual({
      kind: 'HelmRelease', name: 'podinfo', namespace: 'apps', uid: event.involvedObject.uid, apiVersion: 'helm.toolkit.fluxcd.io/v2',
      reason: 'UpgradeSucceeded', severity: 'info', message: 'Helm upgrade succeeded', revision: '6.6.1+0cc9a8446c95',
      reportingController: 'helm-controller', reportingInstance: 'helm-controller-6bc5d5b96-j9lw6',
      metadata: { ...HELM_OCI_METADATA, env: 'prod', deploymentID: 'e076e315' },
    });
  });

  it('copies metadata into a map no key can pollute, even from a hand-built event', () => {
    // Prepare: JSON.parse makes "__proto__" an own key, as if the door had been bypassed.
    const event = syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeSucceeded' });
    const metadata = JSON.parse('{"__proto__": "p", "constructor": "c", "env": "prod"}') as Record<string, string>;
    // Act
    const custom = fluxCustomData(deriveFluxFacts({ ...event, metadata }, { cluster: 'c' }));
    // Assess: every key is plain data on a map without prototype, and nothing global changed.
    expect(Object.getPrototypeOf(custom.metadata)).toBeNull();
    expect(Object.entries(custom.metadata)).toEqual([['__proto__', 'p'], ['constructor', 'c'], ['env', 'prod']]);
    expect(custom.metadata).not.toBe(event.metadata);
    expect(({} as Record<string, unknown>).env).toBeUndefined();
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('content builders', () => {
  it('cover every CDEvent kind exactly once: derivable or rejected with a reason', () => {
    for (const kind of CDEVENT_KINDS) {
      expect(Boolean(CONTENT_BUILDERS[kind]) !== Boolean(UNDERIVABLE_CONTENT[kind]), kind).toBe(true);
    }
  });

  it.each(CDEVENT_KINDS.filter((kind) => CONTENT_BUILDERS[kind]))('%s passes both schemas, for info and error events', (kind) => {
    for (const severity of ['info', 'error'] as const) {
      const event = syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', severity, message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1', metadata: { revision: '6.6.1' } });
      const facts = deriveFluxFacts(event, { cluster: 'prod-eu' });
      const { subjectId, content } = CONTENT_BUILDERS[kind]!(facts);
      expectValidDrafts([{ kind, id: fluxContextId(facts, kind), source: facts.source, timestamp: facts.timestamp, subjectId, content, customData: { flux: fluxCustomData(facts) } }]);
    }
  });
});

describe('clipped text', () => {
  it.each([
    ['before an emoji that straddles the cut', 998, 998],
    ['after an emoji that ends before the cut', 997, 999],
  ])('cuts %s without leaving half a surrogate pair', (_label, prefixLength, keptLength) => {
    // Prepare: "😀" is two UTF-16 units; the description keeps 999 units plus "…".
    const message = `${'a'.repeat(prefixLength)}😀${'b'.repeat(2000)}`;
    const event = syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeFailed', severity: 'error', message });
    // Act
    const { content } = CONTENT_BUILDERS['incident.detected']!(deriveFluxFacts(event, { cluster: 'c' }));
    // Assess
    const description = content.description as string;
    expect(description).toHaveLength(keptLength + 1);
    expect(description.endsWith('…')).toBe(true);
    expect(description).not.toMatch(/\p{Cs}/u);
    expect(Buffer.from(description, 'utf8').toString('utf8')).toBe(description);
  });
});
