/** Public API of the Argo CD side: parse → plan → (deliver) → commit / release. */
export { parseArgoNotification } from './parse-notification.js';
export { createArgoProcessor, CLAIM_LEASE_SECONDS, type ArgoPlan, type ArgoProcessorOptions } from './process-notification.js';
export { DEFAULT_REPLAY_WINDOW_SECONDS } from './replay-window.js';
export { ARGO_EVENT_NAMES, type ArgoEventName, type ArgoNotification } from './argo-types.js';
export type { ArgoStateStore } from './state/state-store.js';
export { MemoryArgoStateStore } from './state/memory-state-store.js';
export { DynamoDbArgoStateStore, type DynamoDbArgoStateStoreOptions } from './state/dynamodb-state-store.js';
export { argoStateTableDefinition, ARGO_STATE_PARTITION_KEY, ARGO_STATE_TTL_ATTRIBUTE } from './state/dynamodb-table.js';
