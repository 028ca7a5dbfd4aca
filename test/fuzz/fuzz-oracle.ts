import { MARKER_PATTERN, type FuzzCase } from './generate-case.js';

/** An answer as the fuzz client received it. */
export interface FuzzResponse {
  status: number;
  contentType: string;
  body: string;
}

/** A stack frame or source location: `    at f (file.ts:1:2)`, `.ts:12`, `node:internal/…`. */
const STACK_PATTERN = /\n\s+at |\bat \S+ \(|\.[cm]?[jt]s:\d+|node:internal\//;

/** The wording of a syntax error at the door; the problem part is generic by construction. */
const SYNTAX_MESSAGE = /^request body is not valid JSON: ([A-Za-z ,':{}[\]]+) at line (\d+), column (\d+) \(byte offset (\d+)\)$/;

/** Echoes shorter than this are too likely to be field names; longer ones are body excerpts. */
const EXCERPT_WINDOW = 24;
const EXCERPT_BODY_LIMIT = 64 * 1024;

/** The first window of `message` that also occurs in `body`, if any. */
function findExcerpt(message: string, body: Buffer): string | undefined {
  if (body.length > EXCERPT_BODY_LIMIT) return undefined;
  const text = body.toString('utf8');
  for (let i = 0; i + EXCERPT_WINDOW <= message.length; i++) {
    const window = message.slice(i, i + EXCERPT_WINDOW);
    if (text.includes(window)) return window;
  }
  return undefined;
}

/** What is wrong with a text shown to a caller or written at warn/error level. */
export function leaks(text: string): string | undefined {
  if (MARKER_PATTERN.test(text)) return 'contains a case marker (content of the request)';
  if (STACK_PATTERN.test(text)) return 'contains a stack trace or source location';
  return undefined;
}

function checkSyntaxMessage(fuzzCase: FuzzCase, message: string): string | undefined {
  if (!message.startsWith('request body is not valid JSON')) return undefined;
  const match = SYNTAX_MESSAGE.exec(message);
  if (!match) return 'syntax error message does not have the documented form';
  if (fuzzCase.truncated) {
    const atEnd = /end of input|unterminated string/.test(match[1]!) && Number(match[4]) === fuzzCase.body.length;
    if (!atEnd) return 'a truncated body must be reported as ending early, at its last byte';
  }
  return undefined;
}

/** Problems with one answer: a 5xx, an unexpected status, an error body that is not `{error, status}` or leaks. */
export function checkResponse(fuzzCase: FuzzCase, response: FuzzResponse): string[] {
  const problems: string[] = [];
  const { status } = response;
  if (status >= 500) problems.push(`server error ${status}`);
  if (fuzzCase.expectStatus && !fuzzCase.expectStatus.includes(status)) problems.push(`expected ${fuzzCase.expectStatus.join(' or ')}`);
  if (status < 400) return problems;
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    return [...problems, 'error body is not JSON'];
  }
  const { error, status: echoed } = (parsed ?? {}) as { error?: unknown; status?: unknown };
  if (typeof error !== 'string' || echoed !== status || !response.contentType.startsWith('application/json')) {
    return [...problems, 'error body is not application/json {error, status}'];
  }
  const leak = leaks(response.body);
  if (leak) problems.push(`error response ${leak}`);
  const excerpt = findExcerpt(error, fuzzCase.body);
  if (excerpt !== undefined) problems.push(`error response repeats ${EXCERPT_WINDOW} bytes of the body`);
  const syntax = checkSyntaxMessage(fuzzCase, error);
  if (syntax) problems.push(syntax);
  return problems;
}

/** A log line of the bridge that breaks the rules, with the case it names (if any). */
export interface LogProblem {
  problem: string;
  seed?: number;
  index?: number;
}

/**
 * Checks one line the bridge wrote. JSON lines at WARN or above must carry no case marker and no
 * stack; other lines (start banner, runtime warnings) no stack and no marker at all.
 */
export function checkLogLine(line: string): LogProblem | undefined {
  let level = 'TEXT';
  try {
    const parsed = JSON.parse(line) as { level?: unknown };
    level = String(parsed.level ?? 'TEXT').toUpperCase();
  } catch {
    /* not a structured line */
  }
  if (level === 'INFO' || level === 'DEBUG' || level === 'TRACE') return undefined;
  const leak = leaks(line);
  if (!leak) return undefined;
  const marker = MARKER_PATTERN.exec(line);
  return { problem: `${level.toLowerCase()} log line ${leak}`, ...(marker ? { seed: Number(marker[1]), index: Number(marker[2]) } : {}) };
}
