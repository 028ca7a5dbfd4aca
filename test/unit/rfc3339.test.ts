import { describe, expect, it } from 'vitest';
import { isRfc3339 } from '../../lib/validation/rfc3339.js';

describe('isRfc3339', () => {
  it.each([
    '2024-07-12T08:56:37Z', '2024-07-12t08:56:37z', '2024-07-12T08:56:37.123456789+02:00', '2024-02-29T00:00:00Z',
    '2000-02-29T23:59:59-23:59', '0000-02-29T00:00:00Z',
  ])('accepts %s', (text) => {
    expect(isRfc3339(text)).toBe(true);
  });

  it.each([
    ['a date without a time', '2024-07-12'],
    ['no time zone', '2024-07-12T08:56:37'],
    ['a number', '1'],
    ['a month 13', '2024-13-01T00:00:00Z'],
    ['February 30', '2024-02-30T00:00:00Z'],
    ['February 29 of a common year', '2023-02-29T00:00:00Z'],
    ['February 29 of a century that is no leap year', '1900-02-29T00:00:00Z'],
    ['February 29 of year 100 (Gregorian, not 1900)', '0100-02-29T00:00:00Z'],
    ['April 31', '2024-04-31T00:00:00Z'],
    ['hour 24', '2024-07-12T24:00:00Z'],
    ['a leap second', '2024-06-30T23:59:60Z'],
    ['an offset of 24 hours', '2024-07-12T08:56:37+24:00'],
    ['a human date', 'Jul 12 2024'],
  ])('refuses %s', (_, text) => {
    expect(isRfc3339(text)).toBe(false);
  });
});
