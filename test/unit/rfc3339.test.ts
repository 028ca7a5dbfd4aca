import fc from 'fast-check';
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

/** The former regex-and-Date implementation, kept as the oracle of the hand-written reader. */
const REFERENCE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
function referenceIsRfc3339(text: string): boolean {
  const match = REFERENCE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const february = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  const days = month === 2 ? february : [4, 6, 9, 11].includes(month) ? 30 : 31;
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59) return false;
  if (match[9] !== undefined && (Number(match[9]) > 23 || Number(match[10]) > 59)) return false;
  return !Number.isNaN(Date.parse(text));
}

describe('isRfc3339 against the regex-and-Date reference', () => {
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  const nearlyValid = fc
    .record({
      year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }),
      hour: fc.integer({ min: 0, max: 25 }), minute: fc.integer({ min: 0, max: 61 }), second: fc.integer({ min: 0, max: 61 }),
      separator: fc.constantFrom('T', 't', ' '), fraction: fc.constantFrom('', '.', '.1', '.123', '.123456789', '.x'),
      zone: fc.constantFrom('Z', 'z', '+00:00', '-23:59', '+24:00', '-05:60', '+5:00', 'ZZ', '', '+01:00x'),
    })
    .map((t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}${t.separator}${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${t.fraction}${t.zone}`);
  const piece = fc.constantFrom('0', '1', '2', '9', '-', ':', 'T', 'Z', '.', '+', ' ', 'x', '\u0663');
  const mutated = fc.tuple(nearlyValid, fc.nat(), piece).map(([text, index, char]) => {
    const at = index % (text.length + 1);
    return `${text.slice(0, at)}${char}${text.slice(at + 1)}`;
  });

  it('agrees on 50,000 nearly valid, mutated and random strings', () => {
    fc.assert(
      fc.property(fc.oneof(nearlyValid, mutated, fc.array(piece, { maxLength: 30 }).map((chars) => chars.join(''))), (text) => {
        expect(isRfc3339(text), text).toBe(referenceIsRfc3339(text));
      }),
      { numRuns: 50_000, seed: 3339 },
    );
  });
});
