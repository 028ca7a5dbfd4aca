import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCDEvent } from '../../lib/cdevents/build-cdevent.js';
import { deterministicId } from '../../lib/cdevents/deterministic-id.js';
import { structuredCloudEvent } from '../../lib/cloudevents/cloudevent-message.js';
import { StdoutSink } from '../../lib/sinks/stdout-sink.js';
import { assertValidCDEvent } from '../helpers/cdevents-schemas.js';

const event = (n: number) => buildCDEvent({
  kind: 'pipelinerun.finished', id: deterministicId('stdout-sink-test', String(n)), source: '/flux/flux-system',
  timestamp: '2024-07-12T08:56:37.000Z', subjectId: `run-${n}`, content: { outcome: 'success', pipelineName: 'apps' },
}, '0.5.1');

describe('StdoutSink', () => {
  it('writes one structured CloudEvent JSON line per event, in order', async () => {
    // Prepare
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const events = [event(1), event(2)];
    // Act
    await new StdoutSink(out).deliver(events, Date.now() + 1_000);
    // Assess
    const text = chunks.join('');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual(events.map(structuredCloudEvent));
    expect(lines[0]).toMatchObject({ specversion: '1.0', id: events[0]!.context.id, subject: 'run-1', type: 'dev.cdevents.pipelinerun.finished.0.3.0' });
    assertValidCDEvent(lines[1]!.data as typeof events[1]);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('is named stdout and writes to process.stdout by default', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const sink = new StdoutSink();
    await sink.deliver([event(3)], Date.now() + 1_000);
    expect(sink.name).toBe('stdout');
    expect(write).toHaveBeenCalledWith(`${JSON.stringify(structuredCloudEvent(event(3)))}\n`);
  });
});
