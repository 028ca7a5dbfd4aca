import { badCredentials, goodCredentials } from './fuzz-auth.js';
import { fieldPaths, objectPaths, setAt, valueAt, type FuzzFixture } from './fuzz-fixtures.js';
import { hostileMember, hostileValue } from './hostile-values.js';
import { SeededRandom } from './seeded-random.js';

/** How often each kind of case is generated (relative weights). */
export const CATEGORY_WEIGHTS = {
  valid: 5, field: 40, member: 7, truncate: 12, corrupt: 6, random: 6, cross: 3,
  'content-type': 5, oversized: 2, auth: 8, method: 1, 'not-object': 5,
} as const;

/** A kind of generated case. */
export type FuzzCategory = keyof typeof CATEGORY_WEIGHTS;

/** One request to send, with what may be expected of the answer. */
export interface FuzzCase {
  seed: number;
  index: number;
  category: FuzzCategory;
  /** What was done, never the body itself (e.g. `field app.spec.source.helm: nesting 4000 levels`). */
  description: string;
  method: string;
  route: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Put into every mutated value; must never appear in an error response or a warn/error log line. */
  marker: string;
  /** When set, the only statuses that are correct. */
  expectStatus?: readonly number[];
  /** The body is a strict prefix of a fixture. */
  truncated?: boolean;
}

/** What generation needs besides (seed, index). */
export interface FuzzContext {
  fixtures: readonly FuzzFixture[];
  token: string;
  maxBodyBytes: number;
}

/** The marker of a case; `FZ<seed>X<index>Z` lets a log line be traced back to its case. */
export function caseMarker(seed: number, index: number): string {
  return `FZ${seed}X${index}Z`;
}

/** A pattern matching any case marker, case-insensitively (purls lower-case some names). */
export const MARKER_PATTERN = /FZ(\d+)X(\d+)Z/i;

const SLOT = (k: number) => `@@FZSLOT${k}@@`;

/** Serializes `value` with hostile JSON text spliced in at the given paths. */
function spliced(rng: SeededRandom, value: unknown, slots: { json: string; at: (slot: string) => void }[]): string {
  slots.forEach((slot, k) => {
    slot.at(SLOT(k));
  });
  let text = JSON.stringify(value, null, rng.chance(0.2) ? 2 : undefined);
  slots.forEach((slot, k) => {
    text = text.replace(new RegExp(`"${SLOT(k)}k":\\s*"${SLOT(k)}"`), () => slot.json).replace(`"${SLOT(k)}"`, () => slot.json);
  });
  return text;
}

function mutateFields(rng: SeededRandom, fixture: FuzzFixture, marker: string, room: number): { text: string; labels: string[] } {
  const value = structuredClone(fixture.value);
  const paths = fieldPaths(value);
  const chosen = Array.from({ length: rng.chance(0.25) ? rng.int(2, 4) : 1 }, () => rng.pick(paths));
  const labels: string[] = [];
  const slots = chosen.flatMap((path) => {
    const original = valueAt(fixture.value, path);
    const hostile = hostileValue({ rng, marker, original, roomBytes: room });
    labels.push(`${path.join('.')}: ${hostile.label}`);
    return [{ json: hostile.json, at: (slot: string) => { try { setAt(value, path, slot); } catch { /* inside a replaced value */ } } }];
  });
  return { text: spliced(rng, value, slots), labels };
}

function addMember(rng: SeededRandom, fixture: FuzzFixture, marker: string): { text: string; label: string } {
  const value = structuredClone(fixture.value);
  const path = rng.pick(objectPaths(value));
  const member = hostileMember(rng, marker);
  const target = valueAt(value, path) as Record<string, unknown>;
  const text = spliced(rng, value, [{ json: member.json, at: (slot) => { target[`${slot}k`] = slot; } }]);
  return { text, label: `${member.label} at ${path.join('.') || '(root)'}` };
}

/** Builds case `index` of `seed`: the same two numbers always give the same request. */
export function generateCase(seed: number, index: number, context: FuzzContext): FuzzCase {
  const rng = new SeededRandom(seed, index);
  const marker = caseMarker(seed, index);
  const category = rng.weighted(CATEGORY_WEIGHTS);
  const fixture = rng.pick(context.fixtures);
  const base = { seed, index, category, marker, method: 'POST', route: fixture.route };
  const jsonHeaders = (): Record<string, string> => rng.pick<Record<string, string>>([{ 'content-type': 'application/json' }, { 'content-type': 'application/json; charset=utf-8' }, {}]);
  const built = buildBody(rng, category, fixture, marker, context);
  const route = built.route ?? fixture.route;
  const headers = { ...(built.headers ?? jsonHeaders()), ...(built.credentials ?? goodCredentials(rng, route, built.body, context.token)) };
  return { ...base, ...built, route, method: built.method ?? 'POST', headers, description: `${fixture.name} ${built.description}` };
}

type BuiltBody = Pick<FuzzCase, 'body' | 'description'> & Partial<Pick<FuzzCase, 'expectStatus' | 'truncated' | 'route' | 'method' | 'headers'>> & {
  credentials?: Record<string, string>;
};

function buildBody(rng: SeededRandom, category: FuzzCategory, fixture: FuzzFixture, marker: string, context: FuzzContext): BuiltBody {
  const room = context.maxBodyBytes - Buffer.byteLength(fixture.text);
  const original = Buffer.from(fixture.text);
  switch (category) {
    case 'valid':
      return { body: original, description: 'unmodified', ...(fixture.partial ? {} : { expectStatus: [200, 202] }) };
    case 'field': {
      const { text, labels } = mutateFields(rng, fixture, marker, room);
      return { body: Buffer.from(text), description: `fields ${labels.join('; ')}` };
    }
    case 'member': {
      const { text, label } = addMember(rng, fixture, marker);
      return { body: Buffer.from(text), description: label };
    }
    case 'truncate': {
      const at = rng.int(0, original.length - 1);
      return { body: original.subarray(0, at), description: `truncated at byte ${at} of ${original.length}`, truncated: true };
    }
    case 'corrupt': {
      const body = Buffer.from(original);
      const count = rng.int(1, 5);
      for (let k = 0; k < count; k++) body[rng.int(0, body.length - 1)] = rng.pick([0xff, 0xc3, 0xed, 0x00, 0x22, 0x5c, 0x7b, 0x5d, rng.int(0, 255)]);
      return { body, description: `${count} bytes overwritten` };
    }
    case 'random': {
      const bytes = rng.bytes(rng.int(0, 2048));
      return { body: rng.chance(0.5) ? Buffer.concat([Buffer.from('{"'), bytes]) : bytes, description: `${bytes.length} random bytes` };
    }
    case 'cross': {
      const { text, labels } = rng.chance(0.5) ? mutateFields(rng, fixture, marker, room) : { text: fixture.text, labels: ['none'] };
      return { body: Buffer.from(text), route: fixture.route === '/flux' ? '/argocd' : '/flux', description: `sent to the other route, fields ${labels.join('; ')}` };
    }
    case 'content-type': {
      const [type, json] = rng.pick([['text/plain', false], ['application/x-www-form-urlencoded', false], ['multipart/form-data; boundary=x', false],
        ['application/xml', false], ['application/octet-stream', false], ['text/json', false], ['application/jsonx', false],
        ['application/merge-patch+json', true], ['APPLICATION/JSON', true], ['application/json; charset=latin1', true]] as const);
      return { body: original, headers: { 'content-type': type }, description: `content type ${type}`, ...(json ? {} : { expectStatus: [415] }) };
    }
    case 'oversized': {
      const size = context.maxBodyBytes + rng.int(1, 100_000);
      const body = Buffer.alloc(size, 0x61);
      body.write('{"message":"', 0);
      body.write('"}', size - 2);
      return { body, description: `${size} bytes, over the ${context.maxBodyBytes}-byte limit`, expectStatus: [413] };
    }
    case 'auth': {
      const { label, headers } = badCredentials(rng, fixture.route, original, context.token, marker);
      return { body: original, credentials: headers, description: label, expectStatus: [401] };
    }
    case 'method': {
      const method = rng.pick(['PUT', 'PATCH', 'DELETE', 'GET']);
      return { body: method === 'GET' ? Buffer.alloc(0) : original, method, description: `method ${method}`, expectStatus: [405] };
    }
    case 'not-object': {
      const [label, text, status] = rng.pick([['empty', '', 400], ['whitespace', ' \r\n\t', 400], ['array', '[{}]', 400], ['string', str(marker), 400],
        ['number', '-0', 400], ['null', 'null', 400], ['true', 'true', 400], ['BOM only', '\ufeff', 400], ['BOM and fixture', `\ufeff${fixture.text}`, 0]] as const);
      return { body: Buffer.from(text), description: `body ${label}`, ...(status ? { expectStatus: [status] } : {}) };
    }
  }
}

const str = (value: string): string => JSON.stringify(value);
