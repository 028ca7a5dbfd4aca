import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { CredentialSource } from '../auth/credential-source.js';
import { HttpError } from '../http/http-error.js';
import { jsonResponse } from '../http/json-response.js';
import { errorResponder } from '../webhook/error-responder.js';
import { authenticateViewer } from './authenticate-viewer.js';
import type { DeliveryHistory } from './delivery-history.js';
import { detailDelivery, summarizeDelivery } from './delivery-views.js';
import { parseHistoryQuery } from './history-query.js';
import { createAssetServer, isPageAsset, PAGE_SECURITY_HEADERS } from './page-assets.js';

/** What the `GET /deliveries` handler reads from. */
export interface DeliveriesRuntime {
  history: DeliveryHistory;
  /** The most rows one answer may hold (`BRIDGE_DELIVERIES_HISTORY_SIZE`). */
  historySize: number;
  credentials: CredentialSource;
  logger: Logger;
  metrics: Metrics;
  /** The folder holding the page: `index.html`, its scripts and `app.css`. */
  pageDirectory: string;
}

/** The part of the path after `/deliveries`, so the route works under a stage prefix too (`/dev/deliveries/3`). */
function subPath(rawPath: string): string | undefined {
  const match = /\/deliveries(?:\/([^/]*))?\/?$/.exec(rawPath);
  return match ? (match[1] ?? '') : undefined;
}

/** A browser asks for HTML; `fetch`, curl and the CLI ask for JSON or anything. */
function wantsPage(event: APIGatewayProxyEventV2): boolean {
  return /\btext\/html\b/i.test(event.headers?.accept ?? '');
}

const json = (status: number, body: Record<string, unknown>) => jsonResponse(status, body, { ...PAGE_SECURITY_HEADERS });

/**
 * Builds the read-only `GET /deliveries` handler: the page and its files, the latest rows as JSON
 * (`?limit&since&route&status&type`), and one row in full at `/deliveries/<seq>`. Everything is
 * behind the webhooks' tokens, the page's files included.
 */
export function createDeliveriesHandler(runtime: DeliveriesRuntime) {
  const { history, logger, metrics } = runtime;
  const serveAsset = createAssetServer(runtime.pageDirectory);

  const lambdaHandler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const method = event.requestContext?.http?.method ?? 'GET';
    if (method !== 'GET') throw new HttpError(405, `method ${method} is not allowed; use GET`, { headers: { allow: 'GET' } });
    await authenticateViewer(event, runtime.credentials);
    const name = subPath(event.rawPath ?? '/');
    if (name === undefined) throw new HttpError(404, 'no such page; the deliveries live under /deliveries');
    if (name === '' && !wantsPage(event)) {
      // The raw query string is there on API Gateway and locally alike (the parsed map only on API Gateway).
      const params = Object.fromEntries(new URLSearchParams(event.rawQueryString ?? ''));
      const page = await history.list(parseHistoryQuery(params, runtime.historySize));
      return json(200, { recording: history.recording, cursor: page.cursor, deliveries: page.deliveries.map(summarizeDelivery) });
    }
    if (isPageAsset(name)) return serveAsset(name);
    const seq = /^[1-9]\d{0,14}$/.test(name) ? Number(name) : undefined;
    const row = seq === undefined ? undefined : await history.get(seq);
    if (!row) throw new HttpError(404, 'no such delivery: it is not in the history (or no longer)');
    return json(200, detailDelivery(row));
  };

  return middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(lambdaHandler)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .use(errorResponder(logger, metrics));
}
