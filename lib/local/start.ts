import { applyLocalDefaults, loadConfig, type BridgeConfig } from '../config/load-config.js';
import { ConfigError } from '../config/config-error.js';
import { createLocalServer, type LambdaHttpHandler } from './local-server.js';
import { startupBanner } from './startup-banner.js';

/** `npm start`: the bridge on one machine, serving the same handlers as Lambda. */
async function main(): Promise<void> {
  applyLocalDefaults();
  let config: BridgeConfig;
  const routes: Record<string, LambdaHttpHandler> = {};
  try {
    config = loadConfig();
    routes['/flux'] = (await import('../../functions/flux.js')).handler as LambdaHttpHandler;
    routes['/argocd'] = (await import('../../functions/argocd.js')).handler as LambdaHttpHandler;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`configuration error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const server = createLocalServer({ routes, maxBodyBytes: config.maxBodyBytes });
  // Listening can fail (port taken, address not available): one line, no stack, exit code 1.
  server.once('error', (error: NodeJS.ErrnoException) => {
    process.stderr.write(`cannot listen on ${config.local.host}:${config.local.port}: ${error.code ?? error.message}\n`);
    process.exit(1);
  });
  server.listen(config.local.port, config.local.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.local.port;
    process.stderr.write(startupBanner(config, `http://${config.local.host}:${port}`));
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
