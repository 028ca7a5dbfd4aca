/**
 * Prints a merge patch for argocd-notifications-cm that adds the bridge's keys and keeps what is there:
 * other `context` keys and other `subscriptions` entries survive (a plain merge patch replaces both keys).
 * Run from the repository root:
 * `kubectl -n argocd get configmap argocd-notifications-cm -o json | npx tsx infra/argocd/render-cm-patch.ts --api-url … --argocd-url … --instance …`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

/** The placeholder that `service.webhook.cdevents-bridge.url` carries in argocd-notifications-cm.yaml. */
export const API_URL_PLACEHOLDER = 'https://<api-id>.execute-api.<region>.amazonaws.com';

/** Values that differ per installation. */
export interface CmPatchOptions {
  /** The stack's HttpApiUrl (no path). */
  apiUrl: string;
  /** The Argo CD UI URL, written to `context.argocdUrl`. */
  argocdUrl: string;
  /** A short id unique per Argo CD installation, written to `context.argocdInstance`. */
  instance: string;
}

/** The patch to apply and what it changed in existing keys. */
export interface CmPatch {
  patch: { data: Record<string, string> };
  /** One line per existing value the patch replaces or keeps beside ours. */
  notes: string[];
}

type Subscription = { recipients?: unknown; triggers?: unknown };

function httpUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${option} is not an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`${option} must be an http(s) URL`);
  return value.replace(/\/+$/, '');
}

function parseList(text: string | undefined, key: string): Subscription[] {
  if (!text?.trim()) return [];
  const list = parse(text) as unknown;
  if (!Array.isArray(list)) throw new Error(`existing ${key} is not a YAML list`);
  return list as Subscription[];
}

function parseMap(text: string | undefined, key: string): Record<string, unknown> {
  if (!text?.trim()) return {};
  const map = parse(text) as unknown;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new Error(`existing ${key} is not a YAML map`);
  return map as Record<string, unknown>;
}

const onlyBridge = (s: Subscription) => Array.isArray(s.recipients) && s.recipients.length === 1 && s.recipients[0] === 'cdevents-bridge';

/**
 * Builds the patch from our keys (`ours`, the `data` of argocd-notifications-cm.yaml) and the live
 * ConfigMap's `data` (absent when it is empty). Re-running replaces our own subscription, never another.
 * @throws Error naming the option or key when a URL is not absolute or an existing value is not YAML of the right shape.
 */
export function renderCmPatch(ours: Record<string, string>, existing: Record<string, string> | undefined, options: CmPatchOptions): CmPatch {
  const apiUrl = httpUrl(options.apiUrl, '--api-url');
  const argocdUrl = httpUrl(options.argocdUrl, '--argocd-url');
  if (!options.instance.trim()) throw new Error('--instance must not be empty');
  const notes: string[] = [];
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(ours)) if (key !== 'context' && key !== 'subscriptions') data[key] = value.replaceAll(API_URL_PLACEHOLDER, apiUrl);
  const context = parseMap(existing?.context, 'context');
  for (const [key, value] of Object.entries({ argocdUrl, argocdInstance: options.instance })) {
    if (key in context && context[key] !== value) notes.push(`context.${key}: replacing the existing value`);
    context[key] = value;
  }
  data.context = stringify(context);
  const current = parseList(existing?.subscriptions, 'subscriptions');
  const kept = current.filter((s) => !onlyBridge(s));
  if (kept.length > 0) notes.push(`subscriptions: keeping ${kept.length} existing entr${kept.length === 1 ? 'y' : 'ies'}`);
  data.subscriptions = stringify([...kept, ...parseList(ours.subscriptions, 'subscriptions')]);
  return { patch: { data }, notes };
}

/** Reads the `data` of argocd-notifications-cm.yaml beside this file. */
export function readBridgeCmData(): Record<string, string> {
  const file = new URL('./argocd-notifications-cm.yaml', import.meta.url);
  return (parse(readFileSync(file, 'utf8')) as { data: Record<string, string> }).data;
}

function main(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { 'api-url': { type: 'string' }, 'argocd-url': { type: 'string' }, instance: { type: 'string' } } });
  if (!values['api-url'] || !values['argocd-url'] || !values.instance) {
    throw new Error('usage: kubectl -n argocd get configmap argocd-notifications-cm -o json | render-cm-patch.ts --api-url <HttpApiUrl> --argocd-url <UI URL> --instance <id>');
  }
  const input = process.stdin.isTTY ? '' : readFileSync(0, 'utf8');
  const live = input.trim() ? (JSON.parse(input) as { data?: Record<string, string> }).data : undefined;
  const { patch, notes } = renderCmPatch(readBridgeCmData(), live, { apiUrl: values['api-url'], argocdUrl: values['argocd-url'], instance: values.instance });
  for (const note of notes) process.stderr.write(`render-cm-patch: ${note}\n`);
  process.stdout.write(`${JSON.stringify(patch, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`render-cm-patch: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
