import { loadConfig } from '../lib/config/load-config.js';
import { createRedriveRuntime } from '../lib/outbox/create-redrive-runtime.js';
import { createRedriveHandler } from '../lib/outbox/redrive-handler.js';

/** SQS outbox → the sinks: redelivers what a webhook request could not deliver in time. */
export const handler = createRedriveHandler(createRedriveRuntime(loadConfig()));
