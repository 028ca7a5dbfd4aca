import { ConfigError } from '../config/config-error.js';

/** Where `npm start` tried to listen, as configured by `HOST` and `PORT`. */
export interface ListenTarget {
  host: string;
  port: number;
}

/**
 * The one line printed when the server cannot listen: the cause, the variable that sets it and
 * what to change. Node's codes: https://nodejs.org/api/errors.html#common-system-errors.
 */
export function describeListenError(error: NodeJS.ErrnoException, { host, port }: ListenTarget): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use: stop the program using it, or set PORT to a free port (e.g. PORT=${port === 3000 ? 3001 : 3000} npm start)`;
    case 'EACCES':
    case 'EPERM':
      return `permission denied to listen on ${host}:${port}: ports below 1024 need privileges; set PORT to 1024 or above (e.g. PORT=3000 npm start)`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `HOST=${host} is not an address of this machine: set HOST to 127.0.0.1 (this machine only) or 0.0.0.0 (every interface)`;
    default:
      return `cannot listen on ${host}:${port} (${error.code ?? error.name}): check HOST and PORT`;
  }
}

/**
 * The one line printed when the bridge cannot start before listening: a configuration error
 * names its variable and what it accepts; anything else is named by its type and message only
 * (no stack: the message is what the reader can act on).
 */
export function describeStartupError(error: unknown): string {
  if (error instanceof ConfigError) return `configuration error: ${error.message}`;
  const failure = error as Partial<Error> | null | undefined;
  const message = String(failure?.message ?? error).split('\n')[0];
  return `cannot start: ${failure?.name ?? 'Error'}: ${message}`;
}
