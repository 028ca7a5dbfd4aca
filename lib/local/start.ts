import { loadConfig, type BridgeConfig } from '../config/load-config.js';
import { createBatchedWriter } from './batched-writer.js';
import { applyLocalDefaults } from './local-defaults.js';
import { createLocalServer, type LambdaHttpHandler } from './local-server.js';
import { startLocalOutbox, type LocalOutbox } from './local-outbox.js';
import { createRequestLog } from './request-line.js';
import { describeListenError, describeStartupError } from './startup-error.js';
import { startupBanner } from './startup-banner.js';

/** Every start-up failure ends here: one line on stderr, no stack, exit code 1. */
function fail(line: string): never {
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

/**
 * The configuration and the two handlers, loaded the way Lambda loads them (each reads the config
 * itself), after the embedded outbox queue (if any) is up and named in the environment.
 */
async function loadBridge(): Promise<{ config: BridgeConfig; routes: Record<string, LambdaHttpHandler>; outbox?: LocalOutbox }> {
  try {
    const outbox = await startLocalOutbox(loadConfig());
    const config = loadConfig();
    outbox?.startRedrive(config);
    const deliveries = (await import('../../functions/deliveries.js')).handler as LambdaHttpHandler;
    const routes: Record<string, LambdaHttpHandler> = {
      '/flux': (await import('../../functions/flux.js')).handler as LambdaHttpHandler,
      '/argocd': (await import('../../functions/argocd.js')).handler as LambdaHttpHandler,
      '/deliveries': deliveries,
      '/deliveries/{proxy+}': deliveries,
    };
    return { config, routes, outbox };
  } catch (error) {
    return fail(describeStartupError(error));
  }
}

/** `npm start`: the bridge on one machine, serving the same handlers as Lambda. */
async function main(): Promise<void> {
  applyLocalDefaults();
  const { config, routes, outbox } = await loadBridge();
  // Request lines answered in one turn of the event loop go out in one write; the last ones on exit.
  const requestLines = createBatchedWriter((text) => process.stderr.write(text));
  process.on('exit', requestLines.flush);
  const onAnswer = createRequestLog(config.logLevel, requestLines.write);
  const server = createLocalServer({ routes, maxBodyBytes: config.maxBodyBytes, onAnswer });
  server.once('error', (error: NodeJS.ErrnoException) => fail(describeListenError(error, config.local)));
  server.listen(config.local.port, config.local.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.local.port;
    process.stderr.write(startupBanner(config, `http://${config.local.host}:${port}`));
  });
  const stop = () => server.close(() => void (outbox?.stop() ?? Promise.resolve()).finally(() => process.exit(0)));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
