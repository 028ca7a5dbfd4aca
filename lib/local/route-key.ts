/**
 * The ending of a route that also takes every longer path under it, as in API Gateway:
 * `/deliveries/{proxy+}` answers `/deliveries/app.js`.
 */
export const PROXY_SUFFIX = '/{proxy+}';

/** The route key serving a path: the path itself, or the longest `…/{proxy+}` route above it. */
export function routeKey(routes: Readonly<Record<string, unknown>>, path: string): string | undefined {
  if (Object.hasOwn(routes, path)) return path;
  let best: string | undefined;
  for (const key of Object.keys(routes)) {
    if (!key.endsWith(PROXY_SUFFIX)) continue;
    const prefix = key.slice(0, -PROXY_SUFFIX.length + 1);
    if (path.length > prefix.length && path.startsWith(prefix) && key.length > (best?.length ?? 0)) best = key;
  }
  return best;
}
