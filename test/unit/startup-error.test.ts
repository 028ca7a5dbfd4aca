import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config/config-error.js';
import { describeListenError, describeStartupError } from '../../lib/local/startup-error.js';

/** The error a real listen fails with, e.g. on a port that is taken. */
function listenError(port: number, host: string): Promise<NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', resolve);
    server.listen(port, host, () => server.close(() => resolve(new Error('listened') as NodeJS.ErrnoException)));
  });
}

describe('start-up failure lines', () => {
  it('turns a real EADDRINUSE into the port, PORT and a different free-port example', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as { port: number };
    try {
      const error = await listenError(port, '127.0.0.1');
      expect(error.code).toBe('EADDRINUSE');
      expect(describeListenError(error, { host: '127.0.0.1', port })).toBe(
        `port ${port} on 127.0.0.1 is already in use: stop the program using it, or set PORT to a free port (e.g. PORT=3000 npm start)`);
      expect(describeListenError(error, { host: '127.0.0.1', port: 3000 })).toContain('PORT=3001');
    } finally {
      holder.close();
    }
  });

  // Binding a port below 1024 needs privileges that a test run as root has, so the error is built
  // the way Node reports it (code EACCES, syscall listen).
  it('turns permission denied into PORT and the unprivileged range', () => {
    const error = Object.assign(new Error('listen EACCES: permission denied 127.0.0.1:80'), { code: 'EACCES', syscall: 'listen' });
    expect(describeListenError(error, { host: '127.0.0.1', port: 80 })).toBe(
      'permission denied to listen on 127.0.0.1:80: ports below 1024 need privileges; set PORT to 1024 or above (e.g. PORT=3000 npm start)');
  });

  it('names HOST and PORT for any other listen failure, without the stack', () => {
    const error = Object.assign(new Error('listen EINVAL'), { code: 'EINVAL' });
    expect(describeListenError(error, { host: '::1', port: 3000 })).toBe('cannot listen on ::1:3000 (EINVAL): check HOST and PORT');
  });

  it('prints a configuration error as its message, and anything else as its type and first line', () => {
    expect(describeStartupError(new ConfigError('LOG_LEVEL must be one of …'))).toBe('configuration error: LOG_LEVEL must be one of …');
    const error = new TypeError('first line\nsecond line');
    expect(describeStartupError(error)).toBe('cannot start: TypeError: first line');
  });
});
