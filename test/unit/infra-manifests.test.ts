import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MAPPING_PROFILES } from '../../lib/flux/mapping-profiles.js';
import { ALERT_KINDS, ARTIFACT_KINDS, renderFluxAlert } from '../../infra/flux/render-alert.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
type EventSource = { kind: string; name: string; namespace: string };
const sourcesOf = (yaml: string) => (parseYaml(yaml) as { spec: { eventSources: EventSource[] } }).spec.eventSources;

// The Alert kind enum of notification-controller api/v1 CrossNamespaceObjectReference (v1.8+).
const FLUX_ALERT_ENUM = ['Bucket', 'GitRepository', 'Kustomization', 'HelmRelease', 'HelmChart', 'HelmRepository', 'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation', 'OCIRepository', 'ArtifactGenerator', 'ExternalArtifact'];

/** Every kind a mapping rule of any built-in profile names. */
function mappedKinds(): Set<string> {
  const kinds = Object.values(MAPPING_PROFILES).flatMap((profile) => profile.rules.flatMap((rule) => (rule.kind === undefined ? [] : [rule.kind].flat())));
  return new Set(kinds);
}

describe('infra/flux Alert', () => {
  it('alert.yaml is exactly what render-alert.ts prints for flux-system and apps', () => {
    expect(read('infra/flux/alert.yaml')).toBe(renderFluxAlert({ cluster: 'prod-eu-1', env: 'production', namespaces: ['flux-system', 'apps'] }));
  });

  it('watches the README example namespace apps, not only flux-system, with every kind in each', () => {
    const sources = sourcesOf(read('infra/flux/alert.yaml'));
    for (const namespace of ['flux-system', 'apps']) {
      expect(sources.filter((s) => s.namespace === namespace).map((s) => s.kind).sort()).toEqual([...ALERT_KINDS].sort());
    }
    expect(sources.every((s) => s.name === '*')).toBe(true);
  });

  it('covers every kind the mapping profiles name; artifact kinds only on request', () => {
    const all = new Set(sourcesOf(renderFluxAlert({ cluster: 'c', env: 'e', namespaces: ['apps'], artifactKinds: true })).map((s) => s.kind));
    const classic = new Set(sourcesOf(renderFluxAlert({ cluster: 'c', env: 'e', namespaces: ['apps'] })).map((s) => s.kind));
    for (const kind of mappedKinds()) {
      expect(all).toContain(kind);
      if (!(ARTIFACT_KINDS as readonly string[]).includes(kind)) expect(classic).toContain(kind);
    }
    for (const kind of ['Bucket', 'OCIRepository', 'HelmRepository', 'HelmChart', 'GitRepository']) expect(classic).toContain(kind);
    for (const kind of all) expect(FLUX_ALERT_ENUM).toContain(kind);
    for (const kind of ARTIFACT_KINDS) expect(classic).not.toContain(kind);
  });

  it("renders namespace '*' alone, with name '*', and refuses duplicates that Flux would send twice", () => {
    const sources = sourcesOf(renderFluxAlert({ cluster: 'c', env: 'e', namespaces: ['*'] }));
    expect(sources.every((s) => s.namespace === '*' && s.name === '*')).toBe(true);
    expect(() => renderFluxAlert({ cluster: 'c', env: 'e', namespaces: ['*', 'apps'] })).toThrow(/alone/);
    expect(() => renderFluxAlert({ cluster: 'c', env: 'e', namespaces: ['Apps_1'] })).toThrow(/namespace #1 is not a valid/);
    expect(() => renderFluxAlert({ cluster: 'c', env: 'e', namespaces: [] })).toThrow(/at least one/);
    expect(() => renderFluxAlert({ cluster: ' ', env: 'e', namespaces: ['apps'] })).toThrow(/--cluster/);
    expect(sourcesOf(renderFluxAlert({ cluster: 'c', env: 'e', namespaces: ['apps', 'apps'] })).length).toBe(ALERT_KINDS.length);
  });

  it('sets eventMetadata cluster and env, and points at the Provider that reads the token Secret', () => {
    const alert = parseYaml(read('infra/flux/alert.yaml')) as { metadata: object; spec: Record<string, any> };
    const provider = parseYaml(read('infra/flux/provider.yaml')) as { metadata: { name: string; namespace: string }; spec: Record<string, any> };
    const secret = parseYaml(read('infra/flux/secret.yaml')) as { metadata: { name: string; namespace: string } };
    expect(alert.spec.eventMetadata).toEqual({ cluster: 'prod-eu-1', env: 'production' });
    expect(alert.spec.providerRef.name).toBe(provider.metadata.name);
    expect(provider.spec.secretRef.name).toBe(secret.metadata.name);
    expect(new Set([provider.metadata.namespace, secret.metadata.namespace, (alert.metadata as { namespace: string }).namespace])).toEqual(new Set(['flux-system']));
    expect(read('infra/flux/README.md')).toContain(`create secret generic ${secret.metadata.name}`);
  });
});

describe('infra/flux/kustomization.yaml', () => {
  it('applies the Provider and the Alert only, never the placeholder Secret', () => {
    const { resources } = parseYaml(read('infra/flux/kustomization.yaml')) as { resources: string[] };
    expect(resources.sort()).toEqual(['alert.yaml', 'provider.yaml']);
    for (const file of resources) expect((parseYaml(read(`infra/flux/${file}`)) as { kind: string }).kind).not.toBe('Secret');
  });
});

/** The fenced code blocks of a Markdown file. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[a-z]*\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
}

describe.each(['infra/flux/README.md', 'infra/argocd/README.md'])('%s commands', (readme) => {
  const blocks = codeBlocks(read(readme));

  it('name files by their path from the repository root, and every such file exists', () => {
    const files = blocks.flatMap((block) => [...block.matchAll(/(?<![\w.$/-])[\w./-]+\.(?:ya?ml|json|ts)\b/g)].map((m) => m[0]));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      if (file.startsWith('/tmp/')) continue;
      expect(file, `${file} is not a path from the repository root`).toMatch(/^infra\//);
      expect(existsSync(join(ROOT, file)), `${file} does not exist`).toBe(true);
    }
  });

  it('apply -k only folders that exist and never the placeholder secret files', () => {
    for (const block of blocks) {
      for (const [, dir] of block.matchAll(/apply -k\s+(\S+)/g)) expect(existsSync(join(ROOT, dir!, 'kustomization.yaml'))).toBe(true);
      expect(block).not.toMatch(/apply[^\n|]*-f\s+infra\/[\w/]*secret\.yaml/);
    }
  });
});
