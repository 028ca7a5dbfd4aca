import { ConfigError } from '../../config/config-error.js';
import { readInteger, type Reader } from '../../config/setting-readers.js';

/** The setting that bounds the age of Argo CD events the bridge has not emitted yet. */
export const MAX_EVENT_AGE_SETTING = 'ARGOCD_MAX_EVENT_AGE_SECONDS';
/** The deprecated name of {@link MAX_EVENT_AGE_SETTING} (a 15-minute age window until 0.2). */
export const LEGACY_REPLAY_WINDOW_SETTING = 'ARGOCD_REPLAY_WINDOW_SECONDS';

/** The shortest non-zero bound: Argo CD delivers late after a controller outage or its own retries. */
export const MIN_MAX_EVENT_AGE_SECONDS = 86_400;
/** The longest bound: the lifetime of an app record in the state store (`APP_RECORD_TTL_SECONDS`). */
const MAX_MAX_EVENT_AGE_SECONDS = 400 * 86_400;

/**
 * `ARGOCD_MAX_EVENT_AGE_SECONDS`: 0 (the default) = no age bound, the state alone decides what was
 * already emitted; else at least a day. When unset, the deprecated `ARGOCD_REPLAY_WINDOW_SECONDS`
 * is read in its place, with its old range; a value under a day is raised to a day, since the old
 * 15-minute window is what lost late deployments, and raising it can only emit more, never less.
 * @throws ConfigError naming the variable and the values it accepts.
 */
export function readMaxEventAgeSeconds(read: Reader): number {
  if (read(MAX_EVENT_AGE_SETTING) !== undefined) {
    const value = readInteger(read, MAX_EVENT_AGE_SETTING, 0, 0, MAX_MAX_EVENT_AGE_SECONDS);
    if (value > 0 && value < MIN_MAX_EVENT_AGE_SECONDS) {
      throw new ConfigError(
        `${MAX_EVENT_AGE_SETTING} must be 0 (no age bound) or from ${MIN_MAX_EVENT_AGE_SECONDS} (a day) to ${MAX_MAX_EVENT_AGE_SECONDS}: a shorter bound drops Argo CD notifications that arrive late`,
      );
    }
    return value;
  }
  const legacy = readInteger(read, LEGACY_REPLAY_WINDOW_SETTING, 0, 0, 30 * 86_400);
  return legacy === 0 ? 0 : Math.max(legacy, MIN_MAX_EVENT_AGE_SECONDS);
}
