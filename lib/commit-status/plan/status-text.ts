import { createHash } from 'node:crypto';

/**
 * `text` cut to at most `max` characters (code points, so no emoji is split into a lone
 * surrogate), ending with `…` when cut.
 */
export function cutText(text: string, max: number): string {
  const points = Array.from(text);
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/**
 * `text` within `max` characters and still unique: a cut context ends with `…` and 8 hex of the
 * sha256 of the whole, so two long contexts that share their start stay apart.
 */
export function fitUnique(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${points.slice(0, Math.max(0, max - 9)).join('')}…${hash}`;
}

/**
 * Bitbucket's status key: the 40 hex characters of the context's SHA-1, since keys are limited to
 * 40 characters (notification-controller `bitbucket.go` does the same) while the readable context
 * goes in `name`.
 */
export function statusKey(context: string): string {
  return createHash('sha1').update(context).digest('hex');
}

/** A tool's word as a phrase: `ReconciliationSucceeded` → `reconciliation succeeded`, `sync-failed` → `sync failed`. */
export function humanizeReason(reason: string): string {
  return reason.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]+/g, ' ').toLowerCase().trim();
}
