import type { IncomingHttpHeaders } from 'node:http';
import type { PostResponse } from './keep-alive-fetch.js';

/** The body was read before the response resolved: cancelling it has nothing left to do. */
const DISCARDED_BODY = { cancel: async (): Promise<void> => undefined };

/** Header lookup as fetch's `Headers.get` does it: any case, repeated values joined with `, `. */
class ResponseHeaders {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }
}

/**
 * A response of `createKeepAliveFetch`, read whole (`bytes` absent when there was no body). Its
 * methods live on the prototype rather than in closures built for every response, which with the
 * URL memo of `keep-alive-fetch.ts` brought a POST level with a bare `http.request`.
 */
export class BufferedResponse implements PostResponse {
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  readonly body = DISCARDED_BODY;
  readonly #bytes: Buffer | undefined;

  constructor(readonly status: number, headers: IncomingHttpHeaders, bytes?: Buffer) {
    this.ok = status >= 200 && status < 300;
    this.headers = new ResponseHeaders(headers);
    this.#bytes = bytes;
  }

  async text(): Promise<string> {
    return this.#bytes?.toString('utf8') ?? '';
  }
}
