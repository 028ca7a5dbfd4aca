import { describe, expect, it } from 'vitest';
import {
  backoffDelay, fitsBeforeDeadline, parseRetryAfter, remainingMs, sleepBeforeDeadline,
} from '../../lib/sinks/retry-policy.js';

describe('backoffDelay', () => {
  const almostOne = () => 0.999_999;

  it('doubles the ceiling per attempt and caps it at maxMs', () => {
    const delays = [0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, { baseMs: 10, maxMs: 100, random: almostOne }));
    expect(delays).toEqual([9, 19, 39, 79, 99, 99]);
  });

  it('applies full jitter between zero and the ceiling', () => {
    expect(backoffDelay(3, { baseMs: 10, maxMs: 1000, random: () => 0 })).toBe(0);
    expect(backoffDelay(3, { baseMs: 10, maxMs: 1000, random: () => 0.5 })).toBe(40);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(2, { baseMs: 10, maxMs: 1000 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(40);
    }
  });

  it('stays finite for huge or odd attempt numbers', () => {
    expect(backoffDelay(10_000, { baseMs: 10, maxMs: 500, random: almostOne })).toBe(499);
    expect(backoffDelay(-3, { baseMs: 10, maxMs: 500, random: almostOne })).toBe(9);
  });
});

describe('deadline helpers', () => {
  it('computes the time left, never negative', () => {
    expect(remainingMs(1_000, 400)).toBe(600);
    expect(remainingMs(1_000, 2_000)).toBe(0);
  });

  it('says whether a wait ends before the deadline', () => {
    expect(fitsBeforeDeadline(100, 1_000, 800)).toBe(true);
    expect(fitsBeforeDeadline(200, 1_000, 800)).toBe(false);
  });

  it('returns at once without sleeping when the wait would reach the deadline', async () => {
    const started = Date.now();
    expect(await sleepBeforeDeadline(5_000, started + 100)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('sleeps when the wait fits', async () => {
    const started = Date.now();
    expect(await sleepBeforeDeadline(30, started + 1_000)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    expect(parseRetryAfter('Sat, 21 Nov 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});
