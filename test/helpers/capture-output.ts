import { vi } from 'vitest';

/** Standard output and error captured into one list until `restore` is called. */
function startCapture(): { written: string[]; restore: () => void } {
  const written: string[] = [];
  const record = (chunk: string | Uint8Array) => { written.push(String(chunk)); return true; };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(record);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(record);
  return { written, restore: () => { out.mockRestore(); err.mockRestore(); } };
}

/** Everything written to stdout and stderr while `action` runs. */
export async function captureOutput(action: () => Promise<unknown> | unknown): Promise<string> {
  const capture = startCapture();
  try {
    await action();
  } finally {
    capture.restore();
  }
  return capture.written.join('');
}

/** {@link captureOutput} for a synchronous `action`. */
export function captureOutputSync(action: () => unknown): string {
  const capture = startCapture();
  try {
    action();
  } finally {
    capture.restore();
  }
  return capture.written.join('');
}

/** The CloudWatch EMF blobs among output lines. */
export function emfBlobs(output: string): Record<string, any>[] {
  return output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line)).filter((line) => line._aws);
}
