import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Secrets Manager staging label the fake knows. */
export type VersionStage = 'AWSCURRENT' | 'AWSPENDING' | 'AWSPREVIOUS';

/** One request as the fake received it. */
export interface RecordedAwsRequest {
  /** The `x-amz-target` header, e.g. `AWSEvents.PutEvents`. */
  target: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (`undefined` if it was not JSON). */
  body: unknown;
  /** HTTP status sent back, or `'down'` when the socket was destroyed. */
  status: number | 'down';
}

/** A PutEvents entry as the fake received it (the wire form: `Time` is epoch seconds). */
export interface ReceivedPutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: string;
  EventBusName?: string;
  Time?: number;
  Resources?: string[];
  [key: string]: unknown;
}

/** Decides the `ErrorCode` of one entry of a PutEvents call; `undefined` accepts it. */
export type EntryFailureRule = (entry: ReceivedPutEventsEntry, index: number) => string | undefined;

/** A whole-call error: HTTP status (default 400) and the AWS `__type`. */
export interface CallFailure {
  type: string;
  status?: number;
  message?: string;
}

/** The running fake. Every behaviour setter affects only later requests. */
export interface FakeAws {
  /** `http://127.0.0.1:<port>`, for `endpoint` or `AWS_ENDPOINT_URL`. */
  endpoint: string;
  /** Every request, in arrival order. */
  requests: RecordedAwsRequest[];
  /** Entries of every PutEvents call, in arrival order (also failed entries and failed calls). */
  putEventsEntries: ReceivedPutEventsEntry[];
  /** Entries per PutEvents call, in arrival order. */
  putEventsCalls: ReceivedPutEventsEntry[][];
  /** Entries accepted (no error code, call not failed), in arrival order. */
  acceptedEntries: ReceivedPutEventsEntry[];
  /** Sets the value of a secret for a staging label (default `AWSCURRENT`). */
  setSecret(secretId: string, value: string, stage?: VersionStage): void;
  /** Removes a secret, or one staging label of it. */
  deleteSecret(secretId: string, stage?: VersionStage): void;
  /** Number of GetSecretValue calls so far (including failed ones). */
  getSecretValueCount(): number;
  /** Fails entries chosen by `rule` (or by index → code) in the next `calls` PutEvents calls. */
  failEntries(rule: EntryFailureRule | Readonly<Record<number, string>>, calls?: number): void;
  /** Fails the next `calls` PutEvents calls as a whole (default `ThrottlingException`). */
  failCalls(calls: number, failure?: CallFailure): void;
  /** Shorthand for `failCalls(calls, { type: 'ThrottlingException' })`. */
  throttleCalls(calls: number): void;
  /** While down, every request's socket is destroyed without a response. */
  setDown(down: boolean): void;
  /** Forgets recordings and behaviours (secrets are kept). */
  reset(): void;
  /** Stops the server and drops open connections. */
  close(): Promise<void>;
}

interface StoredVersion {
  value: string;
  versionId: string;
  created: number;
}

interface Reply {
  status: number;
  body: unknown;
}

const REGION = 'eu-west-1';
const ACCOUNT = '000000000000';

/**
 * Starts an in-process fake of the two AWS JSON 1.1 operations the bridge uses,
 * `secretsmanager.GetSecretValue` and `AWSEvents.PutEvents`, on 127.0.0.1.
 * Point SDK clients at `endpoint` with credentials `{accessKeyId: 'test', secretAccessKey: 'test'}`,
 * region `eu-west-1`, and `maxAttempts: 1` so error paths stay fast.
 */
export async function startFakeAws(): Promise<FakeAws> {
  const secrets = new Map<string, Map<VersionStage, StoredVersion>>();
  let secretCalls = 0;
  let entryRules: { rule: EntryFailureRule; calls: number } | undefined;
  let callFailures: { failure: CallFailure; calls: number } | undefined;
  let down = false;
  const fake = {
    requests: [] as RecordedAwsRequest[],
    putEventsEntries: [] as ReceivedPutEventsEntry[],
    putEventsCalls: [] as ReceivedPutEventsEntry[][],
    acceptedEntries: [] as ReceivedPutEventsEntry[],
  };

  function getSecretValue(input: { SecretId?: string; VersionStage?: string; VersionId?: string }): Reply {
    secretCalls++;
    const versions = secrets.get(input.SecretId ?? '');
    if (!versions) return awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    const match = input.VersionId
      ? [...versions.entries()].find(([, v]) => v.versionId === input.VersionId)
      : [...versions.entries()].find(([stage]) => stage === (input.VersionStage ?? 'AWSCURRENT'));
    if (!match) return awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret value for the given version.");
    const [stage, version] = match;
    return {
      status: 200,
      body: {
        ARN: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${input.SecretId}-AbCdEf`,
        Name: input.SecretId, SecretString: version.value, VersionId: version.versionId,
        VersionStages: [stage], CreatedDate: version.created,
      },
    };
  }

  function putEvents(input: { Entries?: ReceivedPutEventsEntry[] }): Reply {
    const entries = input.Entries ?? [];
    fake.putEventsEntries.push(...entries);
    fake.putEventsCalls.push(entries);
    if (callFailures && callFailures.calls > 0) {
      callFailures.calls--;
      const { type, status, message } = callFailures.failure;
      return awsError(type, message ?? `simulated ${type}`, status);
    }
    const rule = entryRules && entryRules.calls > 0 ? entryRules.rule : undefined;
    if (entryRules && entryRules.calls > 0) entryRules.calls--;
    const results = entries.map((entry, index) => {
      const code = rule?.(entry, index);
      if (code) return { ErrorCode: code, ErrorMessage: `simulated ${code}` };
      fake.acceptedEntries.push(entry);
      return { EventId: randomUUID() };
    });
    return { status: 200, body: { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results } };
  }

  function route(target: string, body: unknown): Reply {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, never>;
    if (target === 'secretsmanager.GetSecretValue') return getSecretValue(input);
    if (target === 'AWSEvents.PutEvents') return putEvents(input);
    return awsError('UnknownOperationException', `the fake does not implement ${target}`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = parseJson(raw);
    if (down) {
      fake.requests.push({ target, headers: req.headers, body, status: 'down' });
      req.socket.destroy();
      return;
    }
    const reply = route(target, body);
    fake.requests.push({ target, headers: req.headers, body, status: reply.status });
    const payload = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(payload), 'x-amzn-requestid': randomUUID() });
    res.end(payload);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    setSecret(secretId: string, value: string, stage: VersionStage = 'AWSCURRENT') {
      const versions = secrets.get(secretId) ?? new Map<VersionStage, StoredVersion>();
      versions.set(stage, { value, versionId: randomUUID(), created: Math.floor(Date.now() / 1000) });
      secrets.set(secretId, versions);
    },
    deleteSecret(secretId: string, stage?: VersionStage) {
      if (stage) secrets.get(secretId)?.delete(stage);
      else secrets.delete(secretId);
    },
    getSecretValueCount: () => secretCalls,
    failEntries(rule: EntryFailureRule | Readonly<Record<number, string>>, calls = 1) {
      entryRules = { rule: typeof rule === 'function' ? rule : (_entry, index) => rule[index], calls };
    },
    failCalls(calls: number, failure: CallFailure = { type: 'ThrottlingException' }) {
      callFailures = { failure, calls };
    },
    throttleCalls(calls: number) {
      callFailures = { failure: { type: 'ThrottlingException' }, calls };
    },
    setDown(value: boolean) {
      down = value;
    },
    reset() {
      for (const list of [fake.requests, fake.putEventsEntries, fake.putEventsCalls, fake.acceptedEntries]) list.length = 0;
      secretCalls = 0;
      entryRules = undefined;
      callFailures = undefined;
      down = false;
    },
    close: () => closeServer(server),
  });
}

/** Alias of {@link startFakeAws}. */
export const start = startFakeAws;

/** An AWS JSON 1.1 error reply. */
function awsError(type: string, message: string, status = 400): Reply {
  return { status, body: { __type: type, message } };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** Closes a server, dropping keep-alive connections so the promise settles at once. */
async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
