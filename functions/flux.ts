import { loadConfig } from '../lib/config/load-config.js';
import { createRuntime } from '../lib/webhook/create-runtime.js';
import { createFluxWebhook } from '../lib/webhook/flux-webhook.js';

/** `POST /flux`: Flux notification-controller (generic / generic-hmac provider) → CDEvents. */
export const handler = createFluxWebhook(createRuntime(loadConfig(), 'flux'));
