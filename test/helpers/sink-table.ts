import type { CDEvent } from '../../lib/cdevents/types.js';
import { CircuitBreaker } from '../../lib/delivery/circuit-breaker.js';
import type { SinkTable } from '../../lib/sinks/sink-table.js';
import type { Sink } from '../../lib/sinks/sink.js';

/** A sink table of CloudEvents sinks, as `createSinkTable` builds from configuration. */
export function sinkTableOf(...sinks: Sink<CDEvent>[]): SinkTable {
  return new Map(sinks.map((sink) => [sink.name, { sink: sink as Sink<unknown>, idOf: (e: unknown) => (e as CDEvent).context.id, takes: 'cdevents' as const }]));
}

/** The runtime parts every hand-built test runtime needs besides its sinks. */
export function testDeliveryParts(...sinks: Sink<CDEvent>[]): { sinks: SinkTable; breaker: CircuitBreaker } {
  return { sinks: sinkTableOf(...sinks), breaker: new CircuitBreaker(0) };
}
