/**
 * helm-controller ≤ v0.36 (Flux ≤ 2.1) sent `reason` = severity (`info`/`error`) and put the
 * action in the message: `Helm upgrade succeeded`, `Helm install failed: …`, `Helm install has started`.
 * @see https://github.com/fluxcd/flux2/issues/4453
 */
const LEGACY_RESULT = /^Helm (install|upgrade|test|rollback|uninstall) (succeeded|failed)\b/i;
const LEGACY_STARTED = /^Helm (install|upgrade|test|rollback|uninstall) has started\b/i;

const ACTIONS: Record<string, string> = {
  install: 'Install', upgrade: 'Upgrade', test: 'Test', rollback: 'Rollback', uninstall: 'Uninstall',
};

/**
 * The modern reason for a legacy helm-controller event, e.g. `UpgradeSucceeded` for reason
 * `info` with message `Helm upgrade succeeded`. A `… has started` message becomes `Progressing`
 * (the Ready reason helm-controller used while acting); modern controllers send no start event.
 * @returns `undefined` when the reason is not `info`/`error` or the message is not a legacy one.
 */
export function modernHelmReason(reason: string, message: string): string | undefined {
  if (reason !== 'info' && reason !== 'error') return undefined;
  const text = message.trim();
  const [, action, result] = LEGACY_RESULT.exec(text) ?? [];
  if (action && result) {
    const outcome = result.toLowerCase() === 'succeeded' ? 'Succeeded' : 'Failed';
    return `${ACTIONS[action.toLowerCase()]}${outcome}`;
  }
  return LEGACY_STARTED.test(text) ? 'Progressing' : undefined;
}
