// History writes run without the webhook waiting, a bounded number at a time.
import { describe, expect, it } from 'vitest';
import { BackgroundWrites } from '../../lib/deliveries/background-writes.js';

function warnings() {
  const lines: string[] = [];
  return { lines, warn: (message: string) => { lines.push(message); } };
}

describe('BackgroundWrites', () => {
  it('returns before the write ends', async () => {
    const writes = new BackgroundWrites(warnings());
    let release = () => {};
    let done = false;
    writes.start(() => new Promise<void>((resolve) => { release = resolve; }).then(() => { done = true; }));
    await Promise.resolve();
    expect(done).toBe(false);
    release();
    await writes.settle();
    expect(done).toBe(true);
  });

  it('drops a write beyond the in-flight bound and says so', async () => {
    const logger = warnings();
    const writes = new BackgroundWrites(logger, 2);
    const releases: (() => void)[] = [];
    const hold = () => new Promise<void>((resolve) => { releases.push(resolve); });
    expect([writes.start(hold), writes.start(hold), writes.start(hold)]).toEqual([true, true, false]);
    expect(logger.lines).toEqual(['deliveries history: row dropped, too many writes in flight']);
    await Promise.resolve();
    for (const release of releases) release();
    await writes.settle();
    expect(writes.start(async () => {})).toBe(true);
  });

  it('swallows a failing write, synchronous throw included, and logs it', async () => {
    const logger = warnings();
    const writes = new BackgroundWrites(logger);
    writes.start(() => { throw new TypeError('boom'); });
    writes.start(() => Promise.reject(new Error('later')));
    await writes.settle();
    expect(logger.lines).toEqual(['deliveries history: row not written', 'deliveries history: row not written']);
  });
});

describe('BackgroundWrites.settle with a bound', () => {
  it('stops waiting after the bound while the write goes on, and never rejects', async () => {
    const writes = new BackgroundWrites(warnings());
    let release = () => {};
    let done = false;
    writes.start(() => new Promise<void>((resolve) => { release = resolve; }).then(() => { done = true; }));
    await writes.settle(5);
    expect(done).toBe(false);
    release();
    await writes.settle(60_000);
    expect(done).toBe(true);
  });
});
