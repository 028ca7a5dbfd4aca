import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

/**
 * The triggers of `infra/argocd/argocd-notifications-cm.yaml`, evaluated the way the Argo CD
 * notifications controller does it (notifications-engine `pkg/controller`): a condition sends its
 * template on each false → true transition (no `oncePer`), and its "already notified" mark is
 * dropped while it is false.
 */

type App = Record<string, any>;

const CM = resolve(dirname(fileURLToPath(import.meta.url)), '../../infra/argocd/argocd-notifications-cm.yaml');

const at = (time: string): number => Date.parse(time);

/**
 * TypeScript equivalents of the ConfigMap's expr conditions, keyed by the exact `when` text, so an
 * edited condition fails loudly here instead of being simulated wrongly.
 */
const CONDITIONS: Record<string, (app: App) => boolean> = {
  true: () => true,
  "app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy' and (app.status.health.lastTransitionTime == nil or !time.Parse(app.status.health.lastTransitionTime).Add(1 * time.Minute).Before(time.Parse(app.status.operationState.finishedAt)) or time.Parse(app.status.health.lastTransitionTime).Before(time.Parse(app.status.operationState.startedAt)))":
    (app) => {
      const { operationState: op, health } = app.status;
      if (op?.phase !== 'Succeeded' || health.status !== 'Healthy') return false;
      const changed = health.lastTransitionTime;
      return changed === undefined || !(at(changed) + 60_000 < at(op.finishedAt)) || at(changed) < at(op.startedAt);
    },
  "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']":
    (app) => ['Error', 'Failed'].includes(app.status.operationState?.phase),
  "app.status.sync.status == 'Unknown'": (app) => app.status.sync?.status === 'Unknown',
  "app.status.health.status == 'Degraded'": (app) => app.status.health?.status === 'Degraded',
  "app.status.health.status == 'Healthy'": (app) => app.status.health?.status === 'Healthy',
  'app.metadata.deletionTimestamp != nil': (app) => app.metadata.deletionTimestamp !== undefined,
};

/** One trigger condition of the ConfigMap and the bridge event its template sends. */
export interface TriggerCondition {
  key: string;
  when: (app: App) => boolean;
  event: string;
}

/** Every trigger condition of the ConfigMap, with its template's `event`. */
export function loadTriggerConditions(): TriggerCondition[] {
  const data = (parseYaml(readFileSync(CM, 'utf8')) as { data: Record<string, string> }).data;
  const conditions: TriggerCondition[] = [];
  for (const name of Object.keys(data).filter((key) => key.startsWith('trigger.'))) {
    (parseYaml(data[name]!) as { when: string; send: string[] }[]).forEach((condition, index) => {
      const when = CONDITIONS[condition.when];
      if (!when) throw new Error(`no simulation of the ${name}[${index}] condition: ${condition.when}`);
      for (const template of condition.send) {
        const body = (parseYaml(data[`template.${template}`]!) as { webhook: Record<string, { body: string }> }).webhook['cdevents-bridge']!.body;
        const event = /"event":"([a-z-]+)"/.exec(body)?.[1];
        if (!event) throw new Error(`template.${template} sends no event`);
        conditions.push({ key: `${name}[${index}]:${template}`, when, event });
      }
    });
  }
  return conditions;
}

/** The controller's per-app "already notified" marks, and its evaluation of every trigger. */
export class TriggerEngine {
  private readonly conditions = loadTriggerConditions();
  private readonly notified = new Set<string>();

  /** Evaluates every condition against the app; returns the events sent, in ConfigMap order. */
  evaluate(app: App): string[] {
    const sent: string[] = [];
    for (const { key, when, event } of this.conditions) {
      if (!when(app)) this.notified.delete(key);
      else if (!this.notified.has(key)) {
        this.notified.add(key);
        sent.push(event);
      }
    }
    return sent;
  }
}
