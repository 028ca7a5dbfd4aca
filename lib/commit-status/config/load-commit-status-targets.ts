import { safeParse } from 'valibot';
import { parseDocument } from 'yaml';
import { ConfigError } from '../../config/config-error.js';
import { describeIssues } from '../../validation/describe-issues.js';
import { isJsonObject } from '../../validation/json-type.js';
import { trimTrailingSlashes } from '../../text/trim-trailing-slashes.js';
import type { CommitStatusTarget } from './commit-status-target.js';
import { TARGET_KEYS, targetSchema } from './commit-status-target-schema.js';
import { parseRepositoryAddress } from './parse-repository-address.js';

/** The file's YAML (JSON is YAML too), without any excerpt: a line of the file may hold a token. */
function readDocument(text: string, origin: string): unknown {
  const document = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: true, prettyErrors: false });
  const [error] = document.errors;
  if (error) {
    const line = error.linePos?.[0]?.line;
    throw new ConfigError(`${origin} is not valid YAML${line ? ` (line ${line})` : ''}: ${error.code}`);
  }
  return document.toJS({ maxAliasCount: 100 });
}

function absoluteHttpUrl(value: string): boolean {
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol);
}

/** Checks one entry and derives its location and API base. */
function readTarget(entry: unknown, index: number, origin: string): CommitStatusTarget {
  const label = isJsonObject(entry) && typeof entry.name === 'string' && entry.name.trim() ? `target '${entry.name.trim()}'` : `targets[${index}]`;
  const fail = (problem: string) => new ConfigError(`${origin}: ${label}: ${problem}`);
  if (isJsonObject(entry)) {
    const unknown = Object.keys(entry).find((key) => !(TARGET_KEYS as readonly string[]).includes(key));
    if (unknown !== undefined) throw fail(`unknown field '${unknown.slice(0, 40)}' (allowed: ${TARGET_KEYS.join(', ')})`);
  }
  const parsed = safeParse(targetSchema, entry);
  if (!parsed.success) throw fail(describeIssues(parsed.issues));
  const { apiUrl, secretId, token, prefix, targetUrl, eventSources, ...rest } = parsed.output;
  if (!secretId && !token) throw fail("field 'secretId' or 'token' is required (the provider's credentials)");
  if (secretId && token) throw fail("fields 'secretId' and 'token' exclude each other; keep one");
  const address = parseRepositoryAddress(rest.provider, rest.address);
  if (!address) throw fail(`field 'address' is not a ${rest.provider} repository URL (see the provider table in the README)`);
  if (apiUrl !== undefined && !absoluteHttpUrl(apiUrl)) throw fail("field 'apiUrl' must be an absolute http or https URL");
  if (targetUrl !== undefined && !absoluteHttpUrl(targetUrl.replace(/\{\w+\}/g, 'x'))) throw fail("field 'targetUrl' must be an absolute http or https URL template");
  return {
    ...rest,
    address: trimTrailingSlashes(rest.address),
    apiUrl: trimTrailingSlashes(apiUrl ?? address.defaultApiUrl),
    location: address.location,
    ...(secretId ? { secretId } : {}),
    ...(token ? { token } : {}),
    ...(prefix ? { prefix } : {}),
    ...(targetUrl ? { targetUrl } : {}),
    eventSources: eventSources.map((source) => ({ kind: source.kind, name: source.name, ...(source.namespace ? { namespace: source.namespace } : {}) })),
  };
}

/**
 * Reads the commit-status file (`BRIDGE_COMMIT_STATUS_FILE`): YAML or JSON with a `targets` list.
 * Done once at start; the result is frozen.
 * @param origin how the file is named in messages (its path).
 * @throws ConfigError naming the target and the field at fault (never a token or other value).
 */
export function loadCommitStatusTargets(text: string, origin: string): readonly CommitStatusTarget[] {
  const root = readDocument(text, origin);
  if (!isJsonObject(root) || !Array.isArray(root.targets)) throw new ConfigError(`${origin} must hold an object with a 'targets' list`);
  const extra = Object.keys(root).find((key) => key !== 'targets');
  if (extra !== undefined) throw new ConfigError(`${origin}: unknown top-level field '${extra.slice(0, 40)}' (allowed: targets)`);
  const targets = root.targets.map((entry, index) => readTarget(entry, index, origin));
  const names = new Set<string>();
  for (const target of targets) {
    if (names.has(target.name)) throw new ConfigError(`${origin}: target '${target.name}': field 'name' is used by another target; names must be unique`);
    names.add(target.name);
  }
  return Object.freeze(targets.map((target) => Object.freeze(target)));
}
