// `GET /deliveries` query parameters and the BRIDGE_DELIVERIES_* settings: accepted forms,
// defaults, and errors that name the parameter without repeating the caller's value.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/config/config-error.js';
import { loadConfig } from '../../lib/config/load-config.js';
import { BadRequestError } from '../../lib/http/http-error.js';
import { nextCursor, windowSeqs } from '../../lib/deliveries/history-window.js';
import { parseHistoryQuery } from '../../lib/deliveries/history-query.js';
import { captureThrown } from '../helpers/capture-error.js';

const BASE_ENV = { BRIDGE_TOKENS: 'deliveries-token-1' };


describe('parseHistoryQuery', () => {
  it('defaults to the latest 50 rows, or the whole history when it is smaller', () => {
    expect(parseHistoryQuery({}, 200)).toEqual({ limit: 50 });
    expect(parseHistoryQuery({}, 20)).toMatchObject({ limit: 20 });
  });

  it('reads every parameter; blank ones count as absent', () => {
    expect(parseHistoryQuery({ limit: '10', since: '42', route: 'argocd', status: '5XX', type: 'service.deployed' }, 200))
      .toEqual({ limit: 10, since: 42, route: 'argocd', status: '5XX', type: 'service.deployed' });
    expect(parseHistoryQuery({ limit: ' ', route: '' }, 200)).toEqual({ limit: 50 });
  });

  it.each([
    [{ limit: '0' }, 'limit must be an integer from 1 to 200'],
    [{ limit: '201' }, 'limit must be an integer from 1 to 200'],
    [{ limit: '1e2' }, 'limit must be an integer'],
    [{ since: '-1' }, 'since must be an integer from 0'],
    [{ route: '<script>' }, 'route must be one of flux, argocd, redrive'],
    [{ status: '2x' }, 'status must be a status code'],
    [{ type: 'dev.cdevents.service.deployed.0.2.0' }, 'type must be a short CDEvents type'],
  ])('refuses %j with 400 naming the parameter', (params, message) => {
    const error = captureThrown(() => parseHistoryQuery(params, 200));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.message).toContain(message);
    for (const value of Object.values(params)) expect(error.message).not.toContain(`${value} `);
  });
});

describe('history window', () => {
  it('reads the newest `limit` numbers, never below 1 nor at or below `since`', () => {
    expect(windowSeqs(10, 200, { limit: 3 })).toEqual([10, 9, 8]);
    expect(windowSeqs(2, 200, { limit: 3 })).toEqual([2, 1]);
    expect(windowSeqs(10, 200, { limit: 50, since: 8 })).toEqual([10, 9]);
    expect(windowSeqs(0, 200, { limit: 50 })).toEqual([]);
  });

  it('reads the whole ring when filtering', () => {
    expect(windowSeqs(300, 4, { limit: 1, route: 'flux' })).toEqual([300, 299, 298, 297]);
  });

  it('holds the cursor below a missing recent row, not below an old one', () => {
    const wanted = [20, 19, 18, 17, 16, 15, 14, 13, 12, 11];
    const all = new Set(wanted);
    expect(nextCursor(20, wanted, all)).toBe(20);
    expect(nextCursor(20, wanted, new Set([...all].filter((seq) => seq !== 18)))).toBe(17);
    expect(nextCursor(20, wanted, new Set([...all].filter((seq) => seq !== 12)))).toBe(20);
  });
});

describe('deliveries settings', () => {
  it('defaults to recording 200 rows kept 7 days, in memory', () => {
    expect(loadConfig(BASE_ENV).deliveries).toEqual({ enabled: true, historySize: 200, retentionDays: 7, table: undefined });
  });

  it('reads the size, retention, table and switch', () => {
    const config = loadConfig({
      ...BASE_ENV,
      BRIDGE_DELIVERIES_HISTORY_SIZE: '500',
      BRIDGE_DELIVERIES_RETENTION_DAYS: '30',
      BRIDGE_DELIVERIES_TABLE: 'bridge-state',
      BRIDGE_DELIVERIES_ENABLED: 'false',
    });
    expect(config.deliveries).toEqual({ enabled: false, historySize: 500, retentionDays: 30, table: 'bridge-state' });
  });

  it.each([
    ['BRIDGE_DELIVERIES_HISTORY_SIZE', '0'],
    ['BRIDGE_DELIVERIES_HISTORY_SIZE', '1001'],
    ['BRIDGE_DELIVERIES_RETENTION_DAYS', '0'],
    ['BRIDGE_DELIVERIES_TABLE', 'a b'],
    ['BRIDGE_DELIVERIES_ENABLED', 'maybe'],
  ])('stops on %s=%s, naming it', (name, value) => {
    const error = captureThrown(() => loadConfig({ ...BASE_ENV, [name]: value }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toContain(name);
  });
});
