import { check, pipe, string } from 'valibot';
import { isRfc3339 } from './rfc3339.js';

/**
 * A valibot schema for an RFC 3339 `date-time` string (`2024-07-12T08:56:37Z`), the one time rule
 * of both sources. Looser forms that `new Date()` accepts (`"1"`, `2024-02-30T00:00:00Z`,
 * `Jul 12 2024`) fail with `is not an RFC 3339 date-time`, never turned into another date.
 */
export const rfc3339Time = pipe(string(), check(isRfc3339, 'is not an RFC 3339 date-time'));
