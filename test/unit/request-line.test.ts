import { describe, expect, it } from 'vitest';
import { createRequestLog, formatRequestLine, type AnsweredRequest } from '../../lib/local/request-line.js';

const AT = new Date(2026, 10, 21, 9, 0, 1);

function answered(status: number, body: unknown, route: string | undefined = '/flux'): AnsweredRequest {
  return { method: 'POST', route, status, body: JSON.stringify(body), at: AT };
}

const ACCEPTED = answered(202, {
  status: 'accepted',
  events: [
    { id: '28d28765-86dd-521c-a6af-78f7b0a9ec05', type: 'dev.cdevents.testcaserun.finished.0.3.0', subject: 'default/apps/podinfo' },
    { id: '9a0c1e55-0000-5000-8000-000000000000', type: 'dev.cdevents.incident.detected.0.3.0-draft', subject: 'default/apps/podinfo' },
  ],
});

describe('request lines', () => {
  it('shows the emitted types and short ids, never the subjects', () => {
    expect(formatRequestLine(ACCEPTED)).toEqual({ severity: 'INFO', text: '09:00:01 POST /flux 202 testcaserun.finished 28d28765…, incident.detected 9a0c1e55…' });
  });

  it('says when events wait in the outbox, as a warning', () => {
    const held = answered(202, { status: 'accepted', events: [{ id: '28d28765-86dd-521c-a6af-78f7b0a9ec05', type: 'dev.cdevents.service.upgraded.0.3.0' }], queued: [{ id: '28d28765-86dd-521c-a6af-78f7b0a9ec05', sink: 'http' }] });
    expect(formatRequestLine(held)).toEqual({ severity: 'WARN', text: '09:00:01 POST /flux 202 service.upgraded 28d28765… (1 held in the outbox: a sink did not take it yet)' });
    expect(formatRequestLine(answered(202, { status: 'accepted', events: [], queued: [] })).severity).toBe('INFO');
  });

  it('shows the ignore reason once, and failures with their message', () => {
    expect(formatRequestLine(answered(200, { status: 'ignored', reason: 'ignored: no open incident' }, '/argocd')).text)
      .toBe('09:00:01 POST /argocd 200 ignored: no open incident');
    expect(formatRequestLine(answered(401, { error: 'missing credentials', status: 401 }))).toEqual({ severity: 'WARN', text: '09:00:01 POST /flux 401 warning: missing credentials' });
    expect(formatRequestLine(answered(502, { error: 'delivery failed: broker', status: 502 }))).toEqual({ severity: 'ERROR', text: '09:00:01 POST /flux 502 error: delivery failed: broker' });
    expect(formatRequestLine({ ...answered(404, { error: 'no such route' }), route: undefined }).text).toBe('09:00:01 POST (no such route) 404 warning: no such route');
  });

  it('keeps a reason that quotes the sender from driving the terminal, and short', () => {
    const { text } = formatRequestLine(answered(200, { status: 'ignored', reason: `no rule matches \u001b[2JEvil/${'x'.repeat(500)}` }));
    expect([...text].some((c) => c.charCodeAt(0) < 0x20)).toBe(false);
    expect(text.length).toBeLessThan(200);
  });

  it.each([
    ['INFO', ['202', '401', '502']],
    ['DEBUG', ['202', '401', '502']],
    ['WARN', ['401', '502']],
    ['ERROR', ['502']],
    ['SILENT', []],
  ] as const)('at %s prints %o', (level, statuses) => {
    const printed: string[] = [];
    const log = createRequestLog(level, (line) => printed.push(line));
    for (const request of [ACCEPTED, answered(401, { error: 'x' }), answered(502, { error: 'y' })]) log(request);
    expect(printed.map((line) => line.split(' ')[3])).toEqual(statuses);
    expect(printed.every((line) => line.endsWith('\n'))).toBe(true);
  });
});
