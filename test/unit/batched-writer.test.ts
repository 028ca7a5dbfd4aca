import { describe, expect, it } from 'vitest';
import { createBatchedWriter } from '../../lib/local/batched-writer.js';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('batched writer', () => {
  it('writes what one turn of the event loop wrote in one call, in order', async () => {
    const written: string[] = [];
    const writer = createBatchedWriter((text) => written.push(text));
    writer.write('a\n');
    writer.write('b\n');
    expect(written).toEqual([]);
    await nextTurn();
    expect(written).toEqual(['a\nb\n']);
    writer.write('c\n');
    await nextTurn();
    expect(written).toEqual(['a\nb\n', 'c\n']);
  });

  it('flushes at once on demand, and then has nothing left for the next turn', async () => {
    const written: string[] = [];
    const writer = createBatchedWriter((text) => written.push(text));
    writer.write('last line\n');
    writer.flush();
    expect(written).toEqual(['last line\n']);
    writer.flush();
    await nextTurn();
    expect(written).toEqual(['last line\n']);
  });
});
