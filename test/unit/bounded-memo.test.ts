import { describe, expect, it } from 'vitest';
import { boundedMemo } from '../../lib/text/bounded-memo.js';

describe('boundedMemo', () => {
  it('computes each key once while it is kept, undefined results included', () => {
    const calls: string[] = [];
    const lengthOrNothing = boundedMemo((key: string) => {
      calls.push(key);
      return key === '' ? undefined : key.length;
    });
    expect([lengthOrNothing('abc'), lengthOrNothing('abc'), lengthOrNothing(''), lengthOrNothing('')]).toEqual([3, 3, undefined, undefined]);
    expect(calls).toEqual(['abc', '']);
  });

  it('starts over when full, and never keeps keys longer than the limit', () => {
    const calls: string[] = [];
    const upper = boundedMemo((key: string) => {
      calls.push(key);
      return key.toUpperCase();
    }, 2, 5);
    expect([upper('a'), upper('b'), upper('c'), upper('a')]).toEqual(['A', 'B', 'C', 'A']);
    // 'c' cleared the memo holding 'a' and 'b', so 'a' was computed again.
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
    expect([upper('longer key'), upper('longer key')]).toEqual(['LONGER KEY', 'LONGER KEY']);
    expect(calls.filter((key) => key === 'longer key')).toHaveLength(2);
  });
});
