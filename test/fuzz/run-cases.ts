import { Agent, request } from 'node:http';
import { startBridgeProcess } from './bridge-process.js';
import { loadFuzzFixtures } from './fuzz-fixtures.js';
import { checkLogLine, checkResponse, type FuzzResponse } from './fuzz-oracle.js';
import { generateCase, type FuzzCase, type FuzzContext } from './generate-case.js';
import { startFuzzSink, type FuzzSink } from './sink-receiver.js';

/** How one fuzz run is shaped. */
export interface FuzzOptions {
  seed: number;
  runs: number;
  /** Only these case indices (to replay failures); default 0 … runs-1. */
  only?: readonly number[];
  concurrency?: number;
  requestTimeoutMs?: number;
  /** The whole run stops issuing cases after this long. */
  maxDurationMs?: number;
  /** `BRIDGE_MAX_BODY_BYTES` of the bridge under test (default: the bridge's own default). */
  maxBodyBytes?: number;
}

/** One broken rule, with what is needed to replay it. */
export interface FuzzFailure {
  seed?: number;
  index?: number;
  category?: string;
  route?: string;
  description?: string;
  status?: number;
  error?: string;
  problem: string;
}

/** What a run did. */
export interface FuzzSummary {
  seed: number;
  cases: number;
  durationMs: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  deliveredEvents: number;
  failures: FuzzFailure[];
}

const TOKEN = 'fuzz-token-0123456789';
const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

function send(url: string, fuzzCase: FuzzCase, agent: Agent, timeoutMs: number, retried = false): Promise<FuzzResponse> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${fuzzCase.route}`, {
      method: fuzzCase.method, agent, headers: { ...fuzzCase.headers, 'content-length': String(fuzzCase.body.length) },
      signal: AbortSignal.timeout(timeoutMs),
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive socket the server closed as idle just as it was reused: Node's documented
      // remedy is to send once more on a fresh socket (http docs, `request.reusedSocket`).
      if (req.reusedSocket && error.code === 'ECONNRESET' && !retried) resolve(send(url, fuzzCase, agent, timeoutMs, true));
      else reject(error);
    });
    req.end(fuzzCase.body);
  });
}

/** The gist of a log line for a failure report: its message and reason, not the metadata. */
function summarizeLogLine(line: string): string {
  try {
    const { message, reason, errorName, errorMessage } = JSON.parse(line) as Record<string, unknown>;
    return `log: ${[message, reason, errorName, errorMessage].filter(Boolean).join(' | ')}`.slice(0, 300);
  } catch {
    return `log: ${line.slice(0, 300)}`;
  }
}

/** For a 202, every listed event must have reached the sink and decode to the same type and subject. */
function checkDelivery(response: FuzzResponse, sink: FuzzSink): string[] {
  if (response.status !== 202) return [];
  const listed = (JSON.parse(response.body) as { events?: { id: string; type: string; subject: string }[] }).events ?? [];
  return listed.flatMap((event) => {
    // Cases that change only a name keep the object's uid, so they share an event id by design.
    const decoded = sink.events.get(event.id) ?? [];
    if (decoded.length === 0) return [`event ${event.type} was not decoded by the sink`];
    const same = decoded.some((d) => d.type === event.type && d.subject === event.subject);
    return same ? [] : [`event ${event.type} decodes to a different type or subject`];
  });
}

/** Runs the cases against a fresh `npm start` bridge and a loopback sink; never throws for a failing case. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const { seed, runs, concurrency = 8, requestTimeoutMs = 20_000, maxDurationMs = 600_000 } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const context: FuzzContext = { fixtures: loadFuzzFixtures(), token: TOKEN, maxBodyBytes };
  const failures: FuzzFailure[] = [];
  const byStatus: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const sink = await startFuzzSink();
  const bridge = await startBridgeProcess({
    BRIDGE_TOKENS: TOKEN, CDEVENTS_SINK_URL: sink.url, LOG_LEVEL: 'WARN', POWERTOOLS_METRICS_DISABLED: 'true',
    ARGOCD_REPLAY_WINDOW_SECONDS: '0', BRIDGE_MAX_BODY_BYTES: String(maxBodyBytes),
  }, (line) => {
    const found = checkLogLine(line);
    if (found) failures.push({ ...found, description: summarizeLogLine(line) });
  });
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const indices = options.only ?? Array.from({ length: runs }, (_, i) => i);
  const started = Date.now();
  let next = 0;
  // Argo CD notifications about one app are answered 503 while another is in flight (by design:
  // Argo CD retries); the fuzz sends them one at a time, like a single Argo CD controller does.
  let argoQueue: Promise<unknown> = Promise.resolve();
  const sendCase = (fuzzCase: FuzzCase): Promise<FuzzResponse> => {
    if (fuzzCase.route !== '/argocd') return send(bridge.url, fuzzCase, agent, requestTimeoutMs);
    const result = argoQueue.then(() => send(bridge.url, fuzzCase, agent, requestTimeoutMs));
    argoQueue = result.catch(() => undefined);
    return result;
  };
  const worker = async (): Promise<void> => {
    while (next < indices.length && bridge.exit() === undefined && Date.now() - started < maxDurationMs) {
      const fuzzCase = generateCase(seed, indices[next++]!, context);
      byCategory[fuzzCase.category] = (byCategory[fuzzCase.category] ?? 0) + 1;
      const where = { seed, index: fuzzCase.index, category: fuzzCase.category, route: `${fuzzCase.method} ${fuzzCase.route}`, description: fuzzCase.description.slice(0, 200) };
      try {
        const response = await sendCase(fuzzCase);
        byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
        const problems = [...checkResponse(fuzzCase, response), ...checkDelivery(response, sink)];
        const error = response.status >= 400 ? response.body.slice(0, 300) : undefined;
        for (const problem of problems) failures.push({ ...where, status: response.status, error, problem });
      } catch (error) {
        byStatus.none = (byStatus.none ?? 0) + 1;
        const name = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' ? `no answer within ${requestTimeoutMs} ms` : `connection failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).name})`;
        failures.push({ ...where, problem: name });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const durationMs = Date.now() - started;
  if (next < indices.length) failures.push({ problem: bridge.exit() ? `the bridge process died (${bridge.exit()})` : `time cap of ${maxDurationMs} ms reached after ${next} cases` });
  if (sink.rejected > 0) failures.push({ problem: `the sink could not decode ${sink.rejected} messages: ${sink.rejections.join(' | ')}` });
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (bridge.exit() !== undefined) failures.push({ problem: `the bridge process died (${bridge.exit()})` });
  agent.destroy();
  await bridge.stop();
  await sink.close();
  return { seed, cases: next, durationMs, byStatus, byCategory, deliveredEvents: sink.events.size, failures };
}
