import type { CDEvent } from '../cdevents/types.js';

/** The JSON text of each CDEvent as a sink sent it whole; held no longer than the event itself. */
const sentJson = new WeakMap<CDEvent, string>();

/**
 * Remembers that `event` was sent as `json`, which must be exactly `JSON.stringify(event)` (the
 * body of a binary-mode CloudEvent). The deliveries history then reuses the text instead of
 * serialising the event a second time (~2.5 µs of a Flux request, Node 20).
 */
export function rememberSentJson(event: CDEvent, json: string): void {
  sentJson.set(event, json);
}

/** `JSON.stringify(event)` as a sink sent it, if one did. */
export function sentJsonOf(event: CDEvent): string | undefined {
  return sentJson.get(event);
}
