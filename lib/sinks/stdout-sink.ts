import type { CDEvent } from '../cdevents/types.js';
import { structuredCloudEvent } from '../cloudevents/cloudevent-message.js';
import type { Sink } from './sink.js';

/** Where {@link StdoutSink} writes: anything with a string `write`, like `process.stdout`. */
export interface LineWriter {
  write(chunk: string): unknown;
}

/**
 * Writes each event as one JSON line (the structured CloudEvent) for local runs
 * without a configured sink. It cannot fail downstream, so it ignores the deadline.
 */
export class StdoutSink implements Sink {
  readonly name = 'stdout';
  readonly #out: LineWriter;

  constructor(out: LineWriter = process.stdout) {
    this.#out = out;
  }

  /** Writes one line per event, in order. */
  async deliver(events: readonly CDEvent[], _deadline: number): Promise<void> {
    for (const event of events) this.#out.write(`${JSON.stringify(structuredCloudEvent(event))}\n`);
  }
}
