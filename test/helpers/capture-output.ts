import { vi } from 'vitest';

/** Everything written to stdout and stderr while `action` runs. */
export async function captureOutput(action: () => Promise<unknown> | unknown): Promise<string> {
  const written: string[] = [];
  const record = (chunk: string | Uint8Array) => { written.push(String(chunk)); return true; };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(record);
  try {
    await action();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return written.join('');
}

/** The CloudWatch EMF blobs among output lines. */
export function emfBlobs(output: string): Record<string, any>[] {
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).filter((line) => line._aws);
}
