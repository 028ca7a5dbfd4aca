import { BadRequestError } from '../http/http-error.js';
import type { HistoryQuery } from './delivery-history.js';

/** Rows answered when `limit` is not given. */
export const DEFAULT_LIMIT = 50;

const ROUTES = ['flux', 'argocd', 'redrive'] as const;
const STATUS = /^[1-5](\d\d|xx)$/i;
const SHORT_TYPE = /^[a-z]+\.[a-z]+$/;

function readCount(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
  if (!(parsed >= min && parsed <= max)) throw new BadRequestError(`query parameter ${name} must be an integer from ${min} to ${max}`);
  return parsed;
}

/**
 * Reads `?limit&since&route&status&type` of `GET /deliveries`. Blank parameters count as absent.
 * @param maxLimit the history size: no answer can hold more rows.
 * @throws BadRequestError naming the parameter and what it accepts (never repeating the value).
 */
export function parseHistoryQuery(params: Readonly<Record<string, string | undefined>>, maxLimit: number): HistoryQuery {
  const get = (name: string): string | undefined => (params[name]?.trim() || undefined);
  const route = get('route');
  if (route !== undefined && !(ROUTES as readonly string[]).includes(route)) {
    throw new BadRequestError(`query parameter route must be one of ${ROUTES.join(', ')}`);
  }
  const status = get('status');
  if (status !== undefined && !STATUS.test(status)) throw new BadRequestError('query parameter status must be a status code (202) or a class (4xx)');
  const type = get('type');
  if (type !== undefined && !SHORT_TYPE.test(type)) throw new BadRequestError('query parameter type must be a short CDEvents type such as service.deployed');
  return {
    limit: readCount(get('limit'), 'limit', 1, maxLimit) ?? Math.min(DEFAULT_LIMIT, maxLimit),
    since: readCount(get('since'), 'since', 0, Number.MAX_SAFE_INTEGER),
    route: route as HistoryQuery['route'],
    status,
    type,
  };
}
