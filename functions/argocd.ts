import { loadConfig } from '../lib/config/load-config.js';
import { createArgoCdWebhook } from '../lib/webhook/argocd-webhook.js';
import { createRuntime } from '../lib/webhook/create-runtime.js';

/** `POST /argocd`: Argo CD notifications webhook → CDEvents, with deployment state. */
export const handler = createArgoCdWebhook(createRuntime(loadConfig(), 'argocd'));
