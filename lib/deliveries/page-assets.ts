import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The page's files, by the name they are asked for under `/deliveries/`; `''` is the page itself. */
const ASSETS: Readonly<Record<string, { file: string; type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  'detail.js': { file: 'detail.js', type: 'text/javascript; charset=utf-8' },
  'dom.js': { file: 'dom.js', type: 'text/javascript; charset=utf-8' },
};

/**
 * Sent with everything the route answers. Only this origin's script, style and fetches run: the
 * page has no inline script or style, so an injected string could not execute even if one slipped
 * past the page's own escaping; it cannot be framed, and it never leaks its URL as a referrer.
 * @see https://www.w3.org/TR/CSP3/
 */
export const PAGE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Whether `name` is one of the page's files. */
export function isPageAsset(name: string): boolean {
  return Object.hasOwn(ASSETS, name);
}

/**
 * Serves the page's static files from `directory`, each read once and kept.
 * @throws Error when a file is missing (a packaging fault; answered as a plain 500).
 */
export function createAssetServer(directory: string): (name: string) => APIGatewayProxyStructuredResultV2 {
  const cache = new Map<string, string>();
  return (name) => {
    const asset = ASSETS[name];
    if (!asset) throw new Error('not a page asset');
    let body = cache.get(name);
    if (body === undefined) {
      body = readFileSync(path.join(directory, asset.file), 'utf8');
      cache.set(name, body);
    }
    return { statusCode: 200, headers: { ...PAGE_SECURITY_HEADERS, 'content-type': asset.type }, body };
  };
}
