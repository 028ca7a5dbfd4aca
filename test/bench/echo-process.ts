// A child process that echoes bytes over loopback TCP (benchmark, not a test): a round trip to
// another process over the network path, without HTTP.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';

/** The child: echoes every chunk back on the connection it came from; prints its port once listening. */
const ECHO_SCRIPT = `
import { createServer } from 'node:net';
const server = createServer((socket) => socket.setNoDelay(true).on('data', (chunk) => socket.write(chunk)));
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
`;

/** A running echo child and the connections to it. */
export interface EchoProcess {
  /** One byte there and back on a free connection (one per request in flight). */
  roundTrip(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the echo child with `connections` kept-open connections to it. */
export async function startEchoProcess(connections: number): Promise<EchoProcess> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', ECHO_SCRIPT], { env: { PATH: process.env.PATH }, stdio: ['pipe', 'pipe', 'inherit'] });
  const [line] = (await once(child.stdout, 'data')) as [Buffer];
  const port = Number(line.toString().trim());
  const idle: Socket[] = await Promise.all(Array.from({ length: connections }, async () => {
    const socket = connect(port, '127.0.0.1').setNoDelay(true);
    await once(socket, 'connect');
    return socket;
  }));
  const byte = Buffer.from('.');
  return {
    roundTrip: async () => {
      const socket = idle.pop();
      if (!socket) throw new Error('more round trips in flight than connections');
      socket.write(byte);
      await once(socket, 'data');
      idle.push(socket);
    },
    stop: async () => {
      for (const socket of idle) socket.destroy();
      child.stdin.end();
      if (child.exitCode === null) await once(child, 'exit');
    },
  };
}
