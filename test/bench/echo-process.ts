// Round trips to another process over loopback TCP without HTTP (benchmark, not a test): one byte
// to the echo server of servers.ts and back, on kept-open connections.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { startEchoServerProcess } from './servers.js';

/** A running echo server and the connections to it. */
export interface EchoProcess {
  /** One byte there and back on a free connection (one per request in flight). */
  roundTrip(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the echo server with `connections` kept-open connections to it. */
export async function startEchoProcess(connections: number): Promise<EchoProcess> {
  const server = await startEchoServerProcess();
  const port = Number(new URL(server.url).port);
  const idle: Socket[] = await Promise.all(Array.from({ length: connections }, async () => {
    const socket = connect(port, '127.0.0.1').setNoDelay(true);
    await once(socket, 'connect');
    return socket;
  })).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
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
      await server.stop();
    },
  };
}
