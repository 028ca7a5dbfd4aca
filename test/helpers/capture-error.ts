import { expect } from 'vitest';

/** Awaits a promise that must reject with an instance of `type`, and returns that error. */
export async function captureError<T extends Error>(type: abstract new (...args: never[]) => T, promise: Promise<unknown>): Promise<T> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(type);
  return error as T;
}

/** The error `run` throws synchronously (the test fails when it throws none). */
export function captureThrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, none was thrown');
}
