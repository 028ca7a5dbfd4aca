import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lib/config/load-config.js';
import { createDeliveriesHandler } from '../lib/deliveries/create-deliveries-handler.js';
import { createDeliveriesRuntime } from '../lib/deliveries/create-deliveries-runtime.js';

// The page's files sit at the same place relative to this file in the source tree and in the
// Lambda zip (functions/deliveries.mjs next to lib/deliveries/page/, packaged by serverless.yml).
const PAGE_DIRECTORY = fileURLToPath(new URL('../lib/deliveries/page/', import.meta.url));

/** `GET /deliveries`: the latest webhook requests and what became of them (page and JSON; read-only). */
export const handler = createDeliveriesHandler(createDeliveriesRuntime(loadConfig(), PAGE_DIRECTORY));
