/** Defaults for `npm start`: a bridge that runs on one machine with no AWS account. */
export const LOCAL_DEFAULTS: Readonly<Record<string, string>> = {
  BRIDGE_TOKENS: 'local-dev-token',
  // The outbox in an SQS-compatible queue inside the process (in memory), with redeliveries at most
  // 10 s apart, so held events arrive within seconds of the sink coming back.
  BRIDGE_OUTBOX: 'local',
  BRIDGE_OUTBOX_MAX_BACKOFF_SECONDS: '10',
  POWERTOOLS_METRICS_DISABLED: 'true',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The handlers' JSON log level under `npm start` when nothing else asks for one. */
const LOCAL_JSON_LOG_LEVEL = 'ERROR';

/**
 * Under `npm start`, `LOG_LEVEL` sets the one-line-per-request output (INFO by default); the
 * handlers' JSON logs would repeat each of those lines as JSON, so they stay at ERROR (or quieter,
 * when `LOG_LEVEL` is CRITICAL or SILENT) unless `POWERTOOLS_LOG_LEVEL` is set or `LOG_LEVEL` asks
 * for DEBUG or TRACE. Powertools reads `POWERTOOLS_LOG_LEVEL` before `LOG_LEVEL`.
 */
function localJsonLogLevel(env: NodeJS.ProcessEnv): string | undefined {
  if (env.POWERTOOLS_LOG_LEVEL?.trim()) return undefined;
  const level = env.LOG_LEVEL?.trim();
  if (level === 'DEBUG' || level === 'TRACE') return undefined;
  return level === 'CRITICAL' || level === 'SILENT' ? level : LOCAL_JSON_LOG_LEVEL;
}

/**
 * Fills unset variables of the process environment with {@link LOCAL_DEFAULTS} and the local JSON
 * log level. Called once by `npm start` before the configuration and the handlers load.
 */
export function applyLocalDefaults(env: NodeJS.ProcessEnv = process.env): void {
  for (const [key, value] of Object.entries(LOCAL_DEFAULTS)) {
    if (env[key] === undefined || env[key].trim() === '') env[key] = value;
  }
  const jsonLevel = localJsonLogLevel(env);
  if (jsonLevel) env.POWERTOOLS_LOG_LEVEL = jsonLevel;
}
