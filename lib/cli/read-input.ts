import { open } from 'node:fs/promises';
import { PayloadTooLargeError } from '../http/http-error.js';
import { CliError } from './cli-error.js';

/**
 * Reads a body from a file, or from `stdin` when the name is `-`, refusing more than `maxBytes`
 * (the bridge's `BRIDGE_MAX_BODY_BYTES`) before reading it all, as the HTTP door does.
 * @throws CliError when the file cannot be read (naming the file and the system error code);
 * PayloadTooLargeError when the body is larger than the limit.
 */
export async function readInput(file: string, maxBytes: number, stdin: AsyncIterable<Buffer | string>): Promise<Buffer> {
  return file === '-' ? readStream(stdin, maxBytes) : readFileLimited(file, maxBytes);
}

async function readStream(stream: AsyncIterable<Buffer | string>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += bytes.length;
    if (total > maxBytes) throw new PayloadTooLargeError(maxBytes);
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

async function readFileLimited(file: string, maxBytes: number): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    // A FIFO or character device reports size 0: the stream read still enforces the limit.
    if ((await handle.stat()).size > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return await readStream(handle.createReadStream({ autoClose: false }), maxBytes);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new CliError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'read error'}`);
  } finally {
    await handle?.close();
  }
}
