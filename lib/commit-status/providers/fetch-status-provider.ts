import type { StatusWrite } from '../plan/status-write.js';
import { exchange, replyOf, type HttpAnswer, type HttpCall } from './http-exchange.js';
import type { CurrentStatus, StatusProvider, WriteReply } from './status-provider.js';

/** What differs between the `fetch` adapters: the two calls and how their answers read. */
export interface FetchProviderSpec {
  /** The POST that sets the status, without auth headers. */
  writeCall(write: StatusWrite): HttpCall;
  /** The GET that reads the latest status for the write's commit and context. */
  readCall(write: StatusWrite): HttpCall;
  /** The latest status in the read answer's body, if any. */
  currentOf(body: unknown, write: StatusWrite): CurrentStatus | undefined;
  /** An answer that means "done, not a failure" (e.g. GitLab's transition 400), as a reason. */
  settledReason?(answer: HttpAnswer): string | undefined;
}

/** Supplies the auth header(s) of each call; rejects when the credentials cannot be had. */
export type AuthHeaders = () => Promise<Record<string, string>>;

/**
 * A {@link StatusProvider} over plain `fetch`: one endpoint to write, one to read. Client
 * libraries were measured at 60–250 KB each for this single endpoint (docs/commit-status.md §1.5).
 */
export function createFetchStatusProvider(spec: FetchProviderSpec, auth: AuthHeaders, fetchImpl: typeof fetch = globalThis.fetch): StatusProvider {
  const withAuth = async (call: HttpCall): Promise<HttpCall> => ({ ...call, headers: { ...call.headers, ...(await auth()) } });
  return {
    async readCurrent(write, signal) {
      const answer = await exchange(fetchImpl, await withAuth(spec.readCall(write)), signal);
      if (answer.status === 404) return undefined;
      if (answer.status < 200 || answer.status >= 300) throw new Error(`HTTP ${answer.status}`);
      return spec.currentOf(answer.body, write);
    },
    async write(write, signal): Promise<WriteReply> {
      const answer = await exchange(fetchImpl, await withAuth(spec.writeCall(write)), signal);
      const settled = spec.settledReason?.(answer);
      return settled ? { kind: 'settled', reason: settled } : replyOf(answer);
    },
  };
}

/** The items of a list answer: the body itself, or its `values` / `value` / `statuses` member. */
export function listOf(body: unknown, member?: 'values' | 'value' | 'statuses'): Record<string, unknown>[] {
  const list = member && body && typeof body === 'object' ? (body as Record<string, unknown>)[member] : body;
  return Array.isArray(list) ? list.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object') : [];
}

/** A string member, or `''`. */
export function textOf(item: Record<string, unknown> | undefined, key: string): string {
  const value = item?.[key];
  return typeof value === 'string' ? value : '';
}
