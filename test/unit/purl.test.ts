import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { artifactPurl } from '../../lib/argocd/decide/artifact-id.js';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { genericPurl, gitPurl, isOciDigest, ociPurl } from '../../lib/cdevents/purl.js';
import { knownArtifactId, unversionedArtifactId } from '../../lib/flux/flux-artifact.js';
import { mapFluxEvent } from '../../lib/flux/map-flux-event.js';
import { loadFluxMapping } from '../../lib/flux/mapping-overrides.js';
import { parseFluxEvent } from '../../lib/flux/parse-flux-event.js';
import { argoFixtureNames, fixtureApplication, loadArgoFixture } from '../helpers/argocd-fixtures.js';
import { COMMIT, DIGEST, HELM_OCI_METADATA, fluxFixtureNames, loadFluxFixture, syntheticEvent } from '../helpers/flux-fixtures.js';
import { expectCanonicalPurl } from '../helpers/purl-oracle.js';

/** Every purl-looking string in a draft (content, subject id), so nothing emitted escapes the oracle. */
function purlsOf(draft: { subjectId: string; content: Record<string, unknown> }): string[] {
  const values = [draft.subjectId, draft.content.artifactId];
  return values.filter((value): value is string => typeof value === 'string' && value.startsWith('pkg:'));
}

/** Flux: every fixture (and a few synthetic shapes with purl-bearing metadata), both profiles. */
function fluxPurls(): string[] {
  const events = fluxFixtureNames().filter((name) => !name.endsWith('-partial.json')).map((name) => parseFluxEvent(loadFluxFixture(name)).event);
  events.push(
    syntheticEvent({ kind: 'HelmRelease', reason: 'UpgradeSucceeded', message: 'Helm upgrade succeeded for release apps/podinfo.v3 with chart podinfo@6.6.1+0cc9a8446c95', metadata: HELM_OCI_METADATA }),
    syntheticEvent({ kind: 'OCIRepository', reason: 'NewArtifact', metadata: { revision: `6.6.1@${DIGEST}` } }),
    syntheticEvent({ kind: 'GitRepository', reason: 'NewArtifact', metadata: { revision: `main@sha1:${COMMIT}`, repository: 'https://github.com/Stefan-Prodan/PodInfo.git' } }),
    syntheticEvent({ kind: 'ImagePolicy', reason: 'Succeeded', message: `Latest image tag for ghcr.io/Org/App resolved to 1.2.3 with digest ${DIGEST}` }),
  );
  const purls: string[] = [];
  for (const event of events) {
    for (const profile of ['semantic', 'rfc'] as const) {
      for (const draft of mapFluxEvent(event, loadFluxMapping({ profile }), { cluster: 'prod-eu' }).drafts) purls.push(...purlsOf(draft));
    }
    purls.push(unversionedArtifactId(event), ...(knownArtifactId(event) ? [knownArtifactId(event) as string] : []));
  }
  return purls;
}

/** Argo CD: every fixture through the processor (three body shapes), plus every source × revision it records. */
async function argoPurls(): Promise<string[]> {
  const purls: string[] = [];
  for (const name of argoFixtureNames()) {
    const app = fixtureApplication(name);
    const bodies = [loadArgoFixture(name), { event: 'deployed', timestamp: '2026-01-01T00:00:00Z', context: { argocdInstance: 'prod' }, app }, app];
    for (const body of bodies) {
      const processor = createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd-test', maxEventAgeSeconds: 1e9 });
      const plan = await processor.plan(parseArgoNotification(body));
      for (const draft of plan.drafts) purls.push(...purlsOf(draft));
    }
    const sources = [app.spec?.source, ...(app.spec?.sources ?? [])].filter(Boolean);
    const revisions = [app.status?.sync?.revision, ...(app.status?.sync?.revisions ?? []),
      ...(app.status?.history ?? []).flatMap((h: { revision?: string; revisions?: string[] }) => [h.revision, ...(h.revisions ?? [])])];
    for (const source of sources) {
      for (const revision of revisions.filter((r): r is string => typeof r === 'string')) {
        const purl = artifactPurl(source, revision);
        if (purl) purls.push(purl);
      }
    }
  }
  return purls;
}

describe('every artifactId the bridge emits for the recorded fixtures', () => {
  it('is a canonical purl by packageurl-js (Flux)', () => {
    const purls = fluxPurls();
    expect(purls.length).toBeGreaterThan(20);
    expect(purls).toContain(`pkg:github/stefan-prodan/podinfo@${COMMIT}`);
    for (const purl of purls) expectCanonicalPurl(purl);
  });

  it('is a canonical purl by packageurl-js (Argo CD)', async () => {
    const purls = await argoPurls();
    expect(purls.length).toBeGreaterThan(20);
    expect(purls).toContain('pkg:github/cdviz-dev/demo-cluster@224f6a2da219e7efa4178277707ac90007e133b9');
    for (const purl of purls) expectCanonicalPurl(purl);
  });
});

const SHA = '224f6a2da219e7efa4178277707ac90007e133b9';

describe('hand-made tricky inputs', () => {
  const cases: [string, string | undefined][] = [
    [gitPurl('https://github.com/Shop-Org/Catalog-Deploy', SHA)!, `pkg:github/shop-org/catalog-deploy@${SHA}`],
    [gitPurl('https://GitLab.com/Group/Sub-Group/My-App.git', SHA)!, `pkg:gitlab/group/sub-group/my-app@${SHA}`],
    [gitPurl('https://bitbucket.org/Team/Repo/', SHA)!, `pkg:bitbucket/team/repo@${SHA}`],
    [gitPurl('git@github.com:Shop-Org/Catalog-Deploy.git', SHA)!, `pkg:github/shop-org/catalog-deploy@${SHA}`],
    [gitPurl('ssh://git@github.com/Org/Repo.git', SHA)!, `pkg:github/org/repo@${SHA}`],
    [gitPurl('git@Gitea.Example.com:Team/App.git', SHA)!, `pkg:git/gitea.example.com/Team/App@${SHA}`],
    [gitPurl('https://git.example.com/Platform/Deploy%20Repo', SHA)!, `pkg:git/git.example.com/Platform/Deploy%20Repo@${SHA}`],
    [gitPurl('https://git.example.com/team/re%zzpo', SHA)!, `pkg:git/git.example.com/team/re%25zzpo@${SHA}`],
    [gitPurl('https://git.example.com/team/%C0%AFapp', SHA)!, `pkg:git/git.example.com/team/%25C0%25AFapp@${SHA}`],
    [gitPurl('https://github.com/org/repo', 'main@sha1:\ud800')!, 'pkg:github/org/repo@main%40sha1%3A%EF%BF%BD'],
    [ociPurl('oci://ghcr.io/Org/Charts/PodInfo', DIGEST, '6.6.1')!, `pkg:oci/podinfo@sha256%3A${DIGEST.slice(7)}?repository_url=ghcr.io/Org/Charts/PodInfo&tag=6.6.1`],
    [ociPurl('ghcr.io/org/app', DIGEST, ' ')!, `pkg:oci/app@sha256%3A${DIGEST.slice(7)}?repository_url=ghcr.io/org/app`],
    [genericPurl('jenkins_helm_demo', '0.2.0', { repository_url: 'https://alexfiz.github.io/jenkins_helm' }), 'pkg:generic/jenkins_helm_demo@0.2.0?repository_url=https://alexfiz.github.io/jenkins_helm'],
    [genericPurl('app', '1.0', { repository_url: 'https://charts.example.com/a%zz b' }), 'pkg:generic/app@1.0?repository_url=https://charts.example.com/a%2525zz%20b'],
    [genericPurl('app\ud800', '1.0\udfff'), 'pkg:generic/app%EF%BF%BD@1.0%EF%BF%BD'],
    [genericPurl('  ', ' 1.0 '), 'pkg:generic/unnamed@1.0'],
  ];

  it.each(cases)('%s', (ours, expected) => {
    expect(ours).toBe(expected);
    expectCanonicalPurl(ours);
  });

  it('gives undefined, not an exception, for what names no artifact', () => {
    expect(gitPurl('not a url', SHA)).toBeUndefined();
    expect(gitPurl('https://github.com/', SHA)).toBeUndefined();
    expect(gitPurl('https://github.com/%20/', SHA)).toBeUndefined();
    expect(ociPurl('oci://', DIGEST)).toBeUndefined();
  });

  it('keeps the id of a valid lower-case input unchanged', () => {
    expect(gitPurl('https://github.com/cdviz-dev/demo-cluster', 'abc')).toBe('pkg:github/cdviz-dev/demo-cluster@abc');
    expect(genericPurl('podinfo', '6.6.1+0cc9a8446c95')).toBe('pkg:generic/podinfo@6.6.1%2B0cc9a8446c95');
  });
});

/** Text with the characters that break encoders: lone surrogates, stray `%`, separators, CR/LF. */
const hostile = fc.array(fc.oneof(
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('%', '%zz', '%C0%AF', '%2F', '@', '/', ':', '?', '#', '&', '=', '+', ' ', '\r\n', '"', '\ud800', '\udc00', 'İ', 'Σ', '.git', '..'),
), { maxLength: 12 }).map((parts) => parts.join(''));

/** Repository URLs in every form the bridge reads, with hostile owners and names. */
const repoUrl = fc.tuple(
  fc.constantFrom('https://', 'ssh://git@', 'git@', 'http://', ''),
  fc.constantFrom('github.com', 'GitHub.com', 'gitlab.com', 'bitbucket.org', 'git.example.com', 'ghcr.io'),
  fc.array(hostile, { minLength: 0, maxLength: 3 }),
  fc.constantFrom('', '.git', '/', '.git/'),
).map(([scheme, host, path, suffix]) => `${scheme}${host}${scheme === 'git@' ? ':' : '/'}${path.join('/')}${suffix}`);

const RUNS = { seed: 42, numRuns: 500 };

describe('every exported purl function on arbitrary strings', () => {
  const check = (purl: string | undefined) => {
    if (purl !== undefined) expectCanonicalPurl(purl);
  };

  it('gitPurl never throws and gives canonical purls', () => {
    fc.assert(fc.property(fc.oneof(repoUrl, hostile), hostile, (url, commit) => check(gitPurl(url, commit))), RUNS);
  });

  it('ociPurl never throws and gives canonical purls', () => {
    fc.assert(fc.property(hostile, hostile, fc.option(hostile, { nil: undefined }), (reference, digest, tag) => check(ociPurl(reference, digest, tag))), RUNS);
  });

  it('genericPurl never throws and gives canonical purls', () => {
    fc.assert(fc.property(hostile, fc.option(hostile, { nil: undefined }), fc.option(hostile, { nil: undefined }), fc.option(hostile, { nil: undefined }),
      (name, version, repository, tag) => check(genericPurl(name, version, { repository_url: repository, tag }))), RUNS);
  });

  it('isOciDigest never throws', () => {
    fc.assert(fc.property(hostile, (value) => typeof isOciDigest(value) === 'boolean'), RUNS);
  });
});
