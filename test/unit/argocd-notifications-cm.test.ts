import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseArgoNotification } from '../../lib/argocd/parse/parse-notification.js';
import { createArgoProcessor } from '../../lib/argocd/process-notification.js';
import { MemoryArgoStateStore } from '../../lib/argocd/state/memory-state-store.js';
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
    const plan = await createArgoProcessor({ store: new MemoryArgoStateStore(), defaultInstance: 'x', replayWindowSeconds: 20 * 365 * 86_400 }).plan(notification);
    renderAndValidate(plan.drafts);
    expect(plan.drafts.every((d) => d.source === 'https://argocd.example.com')).toBe(true);
  });
});
