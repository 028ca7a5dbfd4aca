import { describe, expect, it } from 'vitest';
import { AttemptTimeouts } from '../../lib/sinks/attempt-timeouts.js';

describe('AttemptTimeouts', () => {
  it('aborts after the time with a TimeoutError, as AbortSignal.timeout does', async () => {
    const timeout = new AttemptTimeouts(true).start(5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(timeout.signal.aborted).toBe(true);
    const reason = timeout.signal.reason as DOMException;
    const reference = AbortSignal.timeout(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const expected = reference.reason as DOMException;
    expect([reason.name, reason.message, reason.code, reason instanceof DOMException]).toEqual([expected.name, expected.message, expected.code, true]);
  });

  it('reuses a signal that did not abort, only when asked to', async () => {
    const pooled = new AttemptTimeouts(true);
    const first = pooled.start(1_000);
    pooled.end(first);
    expect(pooled.start(1_000).signal).toBe(first.signal);

    const fresh = new AttemptTimeouts(false);
    const once = fresh.start(1_000);
    fresh.end(once);
    expect(fresh.start(1_000).signal).not.toBe(once.signal);
  });

  it('never reuses a signal that aborted, and a cleared one never aborts', async () => {
    const timeouts = new AttemptTimeouts(true);
    const aborted = timeouts.start(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    timeouts.end(aborted);
    const next = timeouts.start(5);
    expect(next.signal).not.toBe(aborted.signal);
    timeouts.end(next);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(next.signal.aborted).toBe(false);
  });
});
