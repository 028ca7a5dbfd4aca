/** What Powertools' `addContext` keeps of the Lambda context, and whether it was the cold start. */
export interface LambdaContextFields {
  coldStart: boolean;
  invokedFunctionArn?: string;
  memoryLimitInMB?: string | number;
  functionName?: string;
  awsRequestId?: string;
  tenantId?: string;
}

/**
 * The keys of Powertools' own part of a line, in its order. An extra key with one of these names
 * would be merged into Powertools' part (or dropped as reserved): such lines are left to Powertools.
 */
const BASE_KEYS = new Set([
  'level', 'message', 'timestamp', 'service', 'cold_start', 'function_arn', 'function_memory_size',
  'function_name', 'function_request_id', 'sampling_rate', 'xray_trace_id', 'tenant_id',
]);

/** Deepest nesting checked; deeper (or circular) data is left to Powertools. */
const MAX_DEPTH = 12;

/** Sets `key` unless the value is one Powertools drops from a line (`undefined`, `''`, `null`). */
function put(line: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined && value !== '' && value !== null) line[key] = value;
}

/**
 * Whether `JSON.stringify` writes `value` exactly as Powertools does: strings, numbers, booleans,
 * `null`, arrays and plain objects only. Powertools deep-merges (skipping `__proto__` and
 * `constructor` keys) and stringifies through a replacer that rewrites errors and bigints.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined) return true;
  const type = typeof value;
  if (type === 'string' || type === 'number' || type === 'boolean') return true;
  if (type !== 'object' || depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!isPlainJson(item, depth + 1)) return false;
    return true;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || key === 'constructor' || !isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
  }
  return true;
}

/** The X-Ray trace id as Powertools reads it (`getXRayTraceIdFromEnv`): the `Root` field of the trace header. */
function xRayTraceId(): string | undefined {
  const store = (globalThis as { awslambda?: { InvokeStore?: { getXRayTraceId(): string | undefined } } }).awslambda?.InvokeStore;
  const header = store?.getXRayTraceId() ?? process.env._X_AMZN_TRACE_ID?.trim() ?? '';
  if (header === '') return undefined;
  if (!header.includes('=')) return header;
  let root: string | undefined;
  for (const field of header.split(';')) {
    const [key, value] = field.split('=');
    if (key === 'Root') root = value;
  }
  return root;
}

/**
 * One log line as Powertools' default formatter writes it (key order, dropped empty values, UTC
 * timestamp, trailing newline), for a logger without persistent keys; `undefined` when the line
 * is not plain enough to be sure of the same bytes (a `TZ` other than UTC, non-JSON data, a key
 * that collides with Powertools' own), and Powertools must write it.
 * @param temporaryKeys the keys appended for this invocation, flat values only.
 * @param extra the one extra object passed with the message.
 */
export function plainLogLine(
  level: string, message: string, service: string, context: LambdaContextFields | undefined,
  temporaryKeys: Readonly<Record<string, unknown>>, extra: unknown,
): string | undefined {
  if (extra === null || typeof extra !== 'object' || Object.getPrototypeOf(extra) !== Object.prototype) return undefined;
  const timeZone = process.env.TZ?.trim();
  if (timeZone && !timeZone.includes('UTC')) return undefined;
  const extraKeys = extra as Record<string, unknown>;
  for (const key of Object.keys(extraKeys)) {
    if (BASE_KEYS.has(key) || key === '__proto__' || key === 'constructor' || !isPlainJson(extraKeys[key])) return undefined;
  }
  // Powertools' object: its own keys in order, then the temporary keys (each with the extra value
  // of the same name if any), then the other extra keys; one JSON.stringify without a replacer.
  const line: Record<string, unknown> = {};
  put(line, 'level', level);
  put(line, 'message', message);
  put(line, 'timestamp', new Date().toISOString());
  put(line, 'service', service);
  if (context) {
    put(line, 'cold_start', context.coldStart);
    put(line, 'function_arn', context.invokedFunctionArn);
    put(line, 'function_memory_size', context.memoryLimitInMB);
    put(line, 'function_name', context.functionName);
    put(line, 'function_request_id', context.awsRequestId);
  }
  put(line, 'sampling_rate', 0);
  put(line, 'xray_trace_id', xRayTraceId());
  put(line, 'tenant_id', context?.tenantId);
  for (const key of Object.keys(temporaryKeys)) {
    if (BASE_KEYS.has(key) || key === '__proto__' || key === 'constructor' || !isPlainJson(temporaryKeys[key])) return undefined;
    put(line, key, Object.hasOwn(extraKeys, key) ? extraKeys[key] : temporaryKeys[key]);
  }
  for (const key of Object.keys(extraKeys)) {
    if (!Object.hasOwn(temporaryKeys, key)) put(line, key, extraKeys[key]);
  }
  return `${JSON.stringify(line)}\n`;
}

/** Powertools' reserved keys (dropped from `appendKeys` with a warning, so never held back). */
const RESERVED_KEYS = new Set(['level', 'message', 'sampling_rate', 'service', 'timestamp']);

/** Keys with string, number, boolean, null or undefined values only, none of them reserved or unsafe. */
export function isFlat(attributes: Record<string, unknown>): boolean {
  for (const key of Object.keys(attributes)) {
    const value = attributes[key];
    const type = typeof value;
    const flat = value === null || value === undefined || type === 'string' || type === 'number' || type === 'boolean';
    if (!flat || RESERVED_KEYS.has(key) || key === '__proto__' || key === 'constructor') return false;
  }
  return true;
}
