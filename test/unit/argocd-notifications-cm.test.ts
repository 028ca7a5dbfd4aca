import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
import { API_URL_PLACEHOLDER, readBridgeCmData, renderCmPatch } from '../../infra/argocd/render-cm-patch.js';
import { fixtureApplication, renderAndValidate } from '../helpers/argocd-fixtures.js';

const INFRA = resolve(dirname(fileURLToPath(import.meta.url)), '../../infra/argocd');
const configMap = parseYaml(readFileSync(join(INFRA, 'argocd-notifications-cm.yaml'), 'utf8')) as { metadata: Record<string, string>; data: Record<string, string> };
const data = configMap.data;
const entries = (prefix: string) => Object.keys(data).filter((key) => key.startsWith(prefix));

/** Renders a template body the way the notifications controller does for these three expressions. */
function renderBody(body: string, context: Record<string, unknown>, app: unknown): string {
  const rendered = body
    .replace(/\{\{ \(call \.time\.Now\)\.UTC\.Format "2006-01-02T15:04:05Z07:00" \}\}/g, '2026-05-01T12:00:00Z')
    .replaceAll('{{ toJson .context }}', JSON.stringify(context))
    .replaceAll('{{ toJson .app }}', JSON.stringify(app));
  expect(rendered).not.toContain('{{');
  return rendered;
}

describe('infra/argocd/argocd-notifications-cm.yaml', () => {
  it('patches argocd-notifications-cm in the argocd namespace with a context', () => {
    expect(configMap.metadata).toEqual({ name: 'argocd-notifications-cm', namespace: 'argocd' });
    expect(parseYaml(data.context!)).toEqual({ argocdUrl: expect.stringMatching(/^https:\/\//), argocdInstance: expect.any(String) });
  });

  it('defines a JSON webhook service with the bearer token from the secret and no duration strings', () => {
    const service = parseYaml(data['service.webhook.cdevents-bridge']!) as Record<string, any>;
    expect(service.url).toBe('https://<api-id>.execute-api.<region>.amazonaws.com');
    expect(service.headers).toEqual([
      { name: 'Content-Type', value: 'application/json' },
      { name: 'Authorization', value: 'Bearer $cdevents-bridge-token' },
    ]);
    for (const key of ['retryWaitMin', 'retryWaitMax']) if (key in service) expect(Number.isInteger(service[key])).toBe(true);
  });

  it('subscribes the service globally to every trigger, none of them with oncePer', () => {
    const [subscription, ...others] = parseYaml(data.subscriptions!) as { recipients: string[]; triggers: string[] }[];
    expect(others).toEqual([]);
    expect(subscription!.recipients).toEqual(['cdevents-bridge']);
    expect(subscription!.triggers.sort()).toEqual(entries('trigger.').map((key) => key.slice('trigger.'.length)).sort());
    for (const key of entries('trigger.')) {
      for (const condition of parseYaml(data[key]!) as Record<string, unknown>[]) {
        expect(condition).not.toHaveProperty('oncePer');
        expect(condition.when).toEqual(expect.any(String));
        for (const template of condition.send as string[]) expect(data).toHaveProperty([`template.${template}`]);
      }
    }
  });

  it.each(entries('template.'))('%s POSTs to /argocd a body the bridge parses and maps', async (key) => {
    const webhook = (parseYaml(data[key]!) as { webhook: Record<string, { method: string; path: string; body: string }> }).webhook;
    expect(Object.keys(webhook)).toEqual(['cdevents-bridge']);
    const { method, path, body } = webhook['cdevents-bridge']!;
    expect({ method, path }).toEqual({ method: 'POST', path: '/argocd' });
    const event = key.slice('template.cdevents-'.length);
    const app = fixtureApplication('webhook-body_multisource-helm_first-deploy_synced-healthy.json');
    const context = { ...(parseYaml(data.context!) as object), notificationType: 'cdevents-bridge' };
    const notification = parseArgoNotification(JSON.parse(renderBody(body, context, app)));
    expect(notification).toMatchObject({ event, eventOrigin: 'body', context: { argocdInstance: 'prod-eu-west-1' } });
    const plan = await createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'x', maxEventAgeSeconds: 0 }).plan(notification);
    renderAndValidate(plan.drafts);
    expect(plan.drafts.every((d) => d.source === 'https://argocd.example.com')).toBe(true);
  });
});

describe('infra/argocd/helm-values.yaml', () => {
  const values = (parseYaml(readFileSync(join(INFRA, 'helm-values.yaml'), 'utf8')) as { notifications: Record<string, any> }).notifications;
  const pick = (prefix: string) => Object.fromEntries(entries(prefix).map((key) => [key, data[key]]));

  it('carries the same service, triggers and templates as the ConfigMap, as the chart\'s maps', () => {
    expect(values.notifiers).toEqual(pick('service.'));
    expect(values.triggers).toEqual(pick('trigger.'));
    expect(values.templates).toEqual(pick('template.'));
  });

  it('gives subscriptions as a list and the context through notifications.argocdUrl and notifications.context', () => {
    expect(values.subscriptions).toEqual(parseYaml(data.subscriptions!));
    const { argocdUrl, ...rest } = parseYaml(data.context!) as Record<string, string>;
    expect(values.argocdUrl).toBe(argocdUrl);
    expect(values.context).toEqual(rest);
  });
});

describe('infra/argocd/render-cm-patch.ts', () => {
  const options = { apiUrl: 'https://abc123.execute-api.eu-west-1.amazonaws.com/', argocdUrl: 'https://cd.corp.example', instance: 'prod-eu-1' };
  const live = {
    context: 'argocdUrl: https://cd.corp.example\nenvironmentName: prod\n',
    subscriptions: '- recipients:\n  - slack:ops\n  triggers:\n  - on-sync-failed\n',
    'service.slack': 'token: $slack-token\n',
  };
  /** What a JSON merge patch of `data` does to the ConfigMap: patch keys replace whole keys. */
  const applyPatch = (before: Record<string, string>, patch: { data: Record<string, string> }) => ({ ...before, ...patch.data });

  it('keeps existing subscriptions and context keys, and adds the bridge once even when run again', () => {
    const first = renderCmPatch(readBridgeCmData(), live, options);
    const after = applyPatch(live, first.patch);
    const subscriptions = parseYaml(after.subscriptions!) as { recipients: string[] }[];
    expect(subscriptions.map((s) => s.recipients)).toEqual([['slack:ops'], ['cdevents-bridge']]);
    expect(parseYaml(after.context!)).toEqual({ argocdUrl: 'https://cd.corp.example', environmentName: 'prod', argocdInstance: 'prod-eu-1' });
    expect(after['service.slack']).toBe(live['service.slack']);
    expect(first.notes).toEqual(['subscriptions: keeping 1 existing entry']);
    const again = applyPatch(after, renderCmPatch(readBridgeCmData(), after, options).patch);
    expect(again).toEqual(after);
  });

  it('fills in the API URL without a trailing slash and leaves no placeholder', () => {
    const { patch } = renderCmPatch(readBridgeCmData(), undefined, options);
    expect(JSON.stringify(patch)).not.toContain(API_URL_PLACEHOLDER);
    expect((parseYaml(patch.data['service.webhook.cdevents-bridge']!) as { url: string }).url).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com');
    const { context, subscriptions, ...rest } = patch.data;
    expect(parseYaml(subscriptions!)).toEqual(parseYaml(data.subscriptions!));
    expect(parseYaml(context!)).toEqual({ argocdUrl: 'https://cd.corp.example', argocdInstance: 'prod-eu-1' });
    expect(Object.keys(rest).sort()).toEqual(Object.keys(data).filter((k) => k !== 'context' && k !== 'subscriptions').sort());
  });

  it('says when it replaces an existing context value, and refuses bad input naming the option or key', () => {
    expect(renderCmPatch(readBridgeCmData(), { context: 'argocdUrl: https://old.example\n' }, options).notes).toEqual(['context.argocdUrl: replacing the existing value']);
    expect(() => renderCmPatch(readBridgeCmData(), undefined, { ...options, apiUrl: 'abc123.execute-api' })).toThrow('--api-url is not an absolute URL');
    expect(() => renderCmPatch(readBridgeCmData(), undefined, { ...options, argocdUrl: 'ftp://x' })).toThrow('--argocd-url must be an http(s) URL');
    expect(() => renderCmPatch(readBridgeCmData(), { subscriptions: 'recipients: [a]' }, options)).toThrow('existing subscriptions is not a YAML list');
    expect(() => renderCmPatch(readBridgeCmData(), { context: '- a' }, options)).toThrow('existing context is not a YAML map');
  });
});
