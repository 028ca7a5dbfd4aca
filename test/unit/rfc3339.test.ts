import { describe, expect, it } from 'vitest';
import { isRfc3339, toIsoTimestamp } from '../../lib/validation/rfc3339.js';

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

describe('toIsoTimestamp', () => {
  it('writes what Date.prototype.toISOString writes, for every form and field range', () => {
    const times = [
      '2024-07-12T08:56:37Z', '2024-07-12T08:56:37.123Z', '2024-07-12T08:56:37.1Z', '2024-07-12T08:56:37.123456Z',
      '2024-07-12t08:56:37z', '2024-07-12T08:56:37+02:00', '2024-07-12T08:56:37.5-05:30', '0000-01-01T00:00:00Z',
      '0099-12-31T23:59:59.999Z', '9999-12-31T23:59:59Z', '2024-02-29T00:00:00Z', '1969-12-31T23:59:59.000Z',
    ];
    for (let day = 1; day <= 28; day += 3) {
      for (let hour = 0; hour < 24; hour += 5) times.push(`2023-${String((day % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:07:59Z`);
    }
    for (const time of times) {
      expect(isRfc3339(time), time).toBe(true);
      expect(toIsoTimestamp(time), time).toBe(new Date(time).toISOString());
    }
  });
});
