import { once } from './lazy-client.js';

// The AWS SDK packages the bridge uses, each imported on first use: a bundle holds them all, but
// evaluates one only when a configuration calls that service (see `lazyClient`).

/** `@aws-sdk/client-dynamodb`, loaded once. */
export const dynamoDbPackage = once(() => import('@aws-sdk/client-dynamodb'));
/** `@aws-sdk/client-sqs`, loaded once. */
export const sqsPackage = once(() => import('@aws-sdk/client-sqs'));
/** `@aws-sdk/client-eventbridge`, loaded once. */
export const eventBridgePackage = once(() => import('@aws-sdk/client-eventbridge'));
/** `@aws-sdk/client-secrets-manager`, loaded once. */
export const secretsManagerPackage = once(() => import('@aws-sdk/client-secrets-manager'));
