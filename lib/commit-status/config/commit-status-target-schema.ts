import { array, check, minLength, maxLength, nonEmpty, optional, picklist, pipe, regex, string, trim } from 'valibot';
import { jsonObject } from '../../validation/json-object-schema.js';
import { COMMIT_STATUS_PROVIDERS } from './commit-status-target.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const noControl = check((text: string) => !CONTROL.test(text), 'must not contain control characters');

/** Free text of a setting: trimmed, non-empty, bounded, no control characters. */
const text = (max: number) => pipe(string(), trim(), nonEmpty('must not be empty'), maxLength(max, `must be at most ${max} characters`), noControl);

/** One event source; `name` may use `*`. Kubernetes names are at most 253 characters. */
const eventSourceSchema = jsonObject({ kind: text(63), name: text(253), namespace: optional(text(63)) });

/** Keys a target may have; any other key is refused so a typo (`secretID`) does not go unnoticed. */
export const TARGET_KEYS = ['name', 'provider', 'address', 'apiUrl', 'secretId', 'token', 'prefix', 'targetUrl', 'eventSources'] as const;

/**
 * The shape of one entry of `targets`. The name becomes a metric dimension and part of a sink
 * name, so it is a short word; a secret id follows Secrets Manager's name rules (512, `/_+=.@-`).
 */
export const targetSchema = jsonObject({
  name: pipe(text(64), regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-"')),
  provider: picklist(COMMIT_STATUS_PROVIDERS),
  address: text(2048),
  apiUrl: optional(text(2048)),
  secretId: optional(pipe(text(512), regex(/^[A-Za-z0-9/_+=.@:-]+$/, 'must be a Secrets Manager secret name or ARN'))),
  token: optional(pipe(string(), nonEmpty('must not be empty'), maxLength(8192, 'must be at most 8192 characters'), noControl)),
  prefix: optional(text(128)),
  targetUrl: optional(text(1024)),
  eventSources: pipe(array(eventSourceSchema), minLength(1, 'must list at least one event source')),
});
