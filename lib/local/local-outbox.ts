import { createRedriveRuntime } from '../outbox/create-redrive-runtime.js';
import { startQueuePoller, type QueuePoller } from '../outbox/queue-poller.js';
import { createRedriveHandler } from '../outbox/redrive-handler.js';
import type { BridgeConfig } from '../config/load-config.js';
import type { DeliveryRecorder } from '../deliveries/delivery-record.js';
import { startEmbeddedQueue, type EmbeddedQueue } from './embedded-queue.js';
import { parkWhileEmpty } from './parked-receive.js';

/** The outbox of `npm start`: the embedded queue and the redrive consumer polling it. */
export interface LocalOutbox {
  queue: EmbeddedQueue;
  /** Starts the redrive consumer; call once the handlers are loaded (they share its circuit breaker). */
  startRedrive(config: BridgeConfig, recorder?: DeliveryRecorder): QueuePoller;
  stop(): Promise<void>;
}

/**
 * With `BRIDGE_OUTBOX=local` (the `npm start` default), starts the embedded queue and points the
 * process at it (`BRIDGE_OUTBOX=sqs`, `BRIDGE_OUTBOX_QUEUE_URL`), so the handlers then load the same
 * SQS outbox as on Lambda. Returns `undefined` for any other mode.
 */
export async function startLocalOutbox(config: BridgeConfig, env: NodeJS.ProcessEnv = process.env): Promise<LocalOutbox | undefined> {
  if (config.outbox.mode !== 'local') return undefined;
  const queue = await startEmbeddedQueue({ maxReceives: config.outbox.maxReceives });
  env.BRIDGE_OUTBOX = 'sqs';
  env.BRIDGE_OUTBOX_QUEUE_URL = queue.queueUrl;
  let poller: QueuePoller | undefined;
  return {
    queue,
    startRedrive(sqsConfig, recorder) {
      const runtime = createRedriveRuntime(sqsConfig, { recorder });
      poller = startQueuePoller({
        sqs: parkWhileEmpty(runtime.sqs, queue.queueUrl, queue), queueUrl: queue.queueUrl, queueArn: queue.queueArn, region: 'us-east-1',
        handler: createRedriveHandler(runtime) as never,
        onError: (error) => runtime.logger.warn('local outbox poll failed', { error: error instanceof Error ? error.name : 'error' }),
      });
      return poller;
    },
    async stop() {
      await poller?.stop();
      await queue.stop();
    },
  };
}
