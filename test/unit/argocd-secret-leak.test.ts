import { describe, expect, it } from 'vitest';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { ArgoAppSimulator } from '../helpers/argocd-app-simulator.js';
import { renderAndValidate } from '../helpers/argocd-fixtures.js';

const SECRETS = {
  helmValues: 'S3CRET-helm-values-string',
  valuesObject: 'S3CRET-values-object',
  parameter: 'S3CRET-helm-parameter',
  fileParameter: 'S3CRET-file-parameter',
  pluginEnv: 'S3CRET-plugin-env',
  kustomize: 'S3CRET-kustomize-patch',
  directory: 'S3CRET-jsonnet-extvar',
  lastApplied: 'S3CRET-last-applied-configuration',
  annotation: 'S3CRET-other-annotation',
  label: 'S3CRET-label',
  contextToken: 'S3CRET-context-token',
  contextNested: 'S3CRET-context-nested',
} as const;

const helmSource = {
  repoURL: 'ghcr.io/acme/charts', chart: 'shop', targetRevision: '1.0.0',
  helm: {
    values: `password: ${SECRETS.helmValues}`,
    valuesObject: { db: { password: SECRETS.valuesObject } },
    parameters: [{ name: 'apiKey', value: SECRETS.parameter }],
    fileParameters: [{ name: 'cert', path: SECRETS.fileParameter }],
  },
};
const pluginSource = {
  repoURL: 'https://github.com/acme/config', path: 'apps/shop', targetRevision: 'main',
  plugin: { name: 'cmp', env: [{ name: 'TOKEN', value: SECRETS.pluginEnv }] },
  kustomize: { patches: [{ patch: `- op: add\n  value: ${SECRETS.kustomize}` }], commonAnnotations: { key: SECRETS.kustomize } },
  directory: { jsonnet: { extVars: [{ name: 'secret', value: SECRETS.directory }] } },
};

function simulator(): ArgoAppSimulator {
  const sim = new ArgoAppSimulator({
    sources: [helmSource, pluginSource],
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ spec: { source: { helm: { values: SECRETS.lastApplied } } } }),
      'example.com/credentials': SECRETS.annotation,
    },
  });
  sim.app.metadata.labels = { token: SECRETS.label };
  return sim;
}

const context = {
  argocdUrl: 'https://argocd.example.com', argocdInstance: 'prod', notificationType: 'cdevents-bridge',
  token: SECRETS.contextToken, nested: { password: SECRETS.contextNested },
};

describe('Argo CD events never carry secrets', () => {
  it('keeps helm values, parameters, plugin env, kustomize, annotations and context extras out of every event and the state', async () => {
    const sim = simulator();
    const store = new MemoryArgoStateStore();
    const processor = createArgoProcessor({ store, defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => new Date(sim.now().getTime() + 60_000) });
    const emitted: unknown[] = [];
    const run = async (event?: string) => {
      const plan = await processor.plan(parseArgoNotification(sim.body(event, context)));
      emitted.push(...renderAndValidate(plan.drafts), plan.reason);
      await plan.commit();
      return plan.drafts.map((d) => d.kind);
    };

    expect(await run('created')).toEqual(['environment.created']);
    sim.deploy(['1.0.0', 'a'.repeat(40)]);
    expect(await run('deployed')).toEqual(['service.deployed']);
    sim.deploy(['1.1.0', 'a'.repeat(40)]);
    expect(await run()).toEqual(['service.upgraded']);
    sim.health('Degraded', 'pod crashloop');
    expect(await run('health-degraded')).toEqual(['incident.detected']);
    sim.health('Healthy');
    expect(await run('health-healthy')).toEqual(['incident.resolved']);
    sim.failSync('1.2.0');
    expect(await run('sync-failed')).toEqual(['incident.detected']);
    sim.delete();
    expect(await run('deleted')).toEqual(['service.removed', 'environment.deleted']);

    emitted.push(await store.getApp(sim.app.metadata.uid, sim.now()), await store.getDestination('prod/shop', sim.now()));
    const wire = JSON.stringify(emitted);
    expect(wire).toContain('https://argocd.example.com/applications/argocd/shop');
    for (const [where, secret] of Object.entries(SECRETS)) {
      expect(wire.includes(secret), `${where} leaked`).toBe(false);
    }
    expect(wire).not.toMatch(/valuesObject|"helm"|"plugin"|"kustomize"|"parameters"|last-applied|notificationType/);
  });

  it('still tells apart deployments that differ only in secret helm values (by hash)', async () => {
    const sim = simulator();
    const processor = createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'argocd', maxEventAgeSeconds: 0, now: () => new Date(sim.now().getTime() + 60_000) });
    sim.deploy(['1.0.0', 'a'.repeat(40)]);
    await (await processor.plan(parseArgoNotification(sim.body('deployed')))).commit();
    const rotated = { ...helmSource, helm: { ...helmSource.helm, valuesObject: { db: { password: 'rotated' } } } };
    sim.deploy(['1.0.0', 'a'.repeat(40)], { sources: [rotated, pluginSource] });
    const plan = await processor.plan(parseArgoNotification(sim.body('deployed')));
    expect(plan.drafts.map((d) => d.kind)).toEqual(['service.upgraded']);
    expect(JSON.stringify(plan.drafts)).not.toContain('rotated');
  });
});
