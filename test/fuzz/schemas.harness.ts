// Fuzz harness: parseInput over every API method with hostile JSON values (deep nesting, huge
// strings, numeric strings, prototype keys, wrong types, byte-mutated JSON text). parseInput must
// return {ok:true} or {ok:false, message}; a throw, a malformed result or over 100 ms is a finding.
import { API, type ApiMethod } from '../../shared/api/methods.js';
import { INPUT_SCHEMAS, parseInput } from '../../shared/api/schemas.js';
import { describeError, mutate, type Finding, type Harness, type Rng } from './mutate.js';

const TIME_LIMIT_MS = 100;

const KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  'id', 'reason', 'filter', 'sort', 'descending', 'offset', 'limit',
  'knownStatus', 'status', 'mimePrefix', 'cameraMake', 'cameraModel', 'hasGps', 'text', '', '0',
];

const STRINGS = [
  '', ' ', 'NaN', '-NaN', 'Infinity', '-Infinity', '1e309', '-0', '0x10', '1', '9007199254740993',
  'null', 'undefined', 'true', '__proto__', 'image/', 'image/jpeg', 'IMAGE/', 'image//', 'new', 'known',
  'ignorable', 'pending', 'ok', 'failed', 'new-first', 'taken', 'path', 'size', '\u0000', '\ud800',
  '\u202e', '../../etc/passwd', '1/../2', '%00', 'a'.repeat(501), 'a'.repeat(2001),
];

const NUMBERS = [
  0, -0, 1, -1, 0.5, 1e9, 1e9 + 1, 499, 500, 501, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 1e308,
  -1e308, Number.MIN_VALUE, Number.EPSILON,
];

/** Valid inputs to start from, so mutations reach past the first check. */
const VALID: Record<ApiMethod, unknown[]> = {
  [API.caseSummary]: [{}],
  [API.itemsQuery]: [
    {},
    { filter: { knownStatus: ['new'], status: ['ok', 'failed'], mimePrefix: 'image/', hasGps: true, text: 'x' }, sort: 'taken', descending: true, offset: 10, limit: 50 },
    { filter: { cameraMake: null, cameraModel: 'EOS' }, sort: 'size' },
  ],
  [API.itemGet]: [{ id: 1 }, { id: 2 ** 53 - 1 }],
  [API.itemReveal]: [{ id: 7, reason: 'victim identification' }],
  [API.itemSimilar]: [{ id: 3 }],
  [API.itemsCategorise]: [{ ids: [1, 2, 3], category: 1 }, { ids: [9], category: null, profile: 'UK' }],
  [API.itemsTag]: [{ ids: [1], tag: 'red curtain' }, { ids: [4, 5], tag: 'x', remove: true }],
  [API.tagsList]: [{}],
  [API.regionAdd]: [{ itemId: 1, type: 'text', x: 0.1, y: 0.2, w: 0.3, h: 0.4, label: 'sign', note: '' }],
  [API.regionEdit]: [{ id: 2, type: 'logo', x: 0, y: 0, w: 1, h: 1 }],
  [API.regionRemove]: [{ id: 5 }],
  [API.regionsList]: [{}, { types: ['vehicle', 'landmark'], offset: 200, limit: 10 }],
  [API.camerasList]: [{}],
  [API.caseExport]: [{ format: 'csv' }, { format: 'crops' }],
};

function randomString(rng: Rng): string {
  const r = rng.int(6);
  if (r < 3) return rng.pick(STRINGS);
  if (r === 3) return rng.pick(['a', 'é', '\u0000', '/', 'x'.repeat(10)]).repeat(1 + rng.int(1 << (4 + rng.int(17)))); // up to ~1M
  let s = '';
  const n = rng.int(40);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.int(rng.bool(0.8) ? 0x80 : 0x10000));
  return s;
}

function deepNest(rng: Rng): unknown {
  const depth = 1 + rng.int(rng.bool(0.5) ? 100 : 100_000);
  const asObject = rng.bool();
  let v: unknown = rng.bool() ? 1 : 'x';
  for (let i = 0; i < depth; i++) {
    if (asObject) {
      const o: Record<string, unknown> = {};
      Object.defineProperty(o, rng.pick(KEYS), { value: v, enumerable: true, writable: true, configurable: true });
      v = o;
    } else v = [v];
  }
  return v;
}

/** A random JSON-ish value (plus undefined, which JSON bodies can't carry but IPC can). */
function randomValue(rng: Rng, depth = 0): unknown {
  const r = rng.int(depth > 4 ? 6 : 10);
  if (r === 7 && depth > 1) return randomString(rng);
  switch (r) {
    case 0: return null;
    case 1: return rng.bool();
    case 2: return rng.bool(0.7) ? rng.pick(NUMBERS) : (rng.next32() - 0x8000_0000) / (rng.bool() ? 1 : 1000);
    case 3: case 4: return randomString(rng);
    case 5: return undefined;
    case 6: return rng.bool(0.9)
      ? Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1))
      // Long arrays hold only small primitives, so memory stays bounded.
      : Array.from({ length: rng.int(10_000) }, () => (rng.bool() ? rng.pick(NUMBERS) : rng.pick(STRINGS)));
    case 7: return deepNest(rng);
    default: return randomObject(rng, depth + 1);
  }
}

/** Own properties even for "__proto__" (as JSON.parse makes them), not a prototype change. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function randomObject(rng: Rng, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  const n = rng.int(6);
  for (let i = 0; i < n; i++) setOwn(o, rng.bool(0.8) ? rng.pick(KEYS) : randomString(rng).slice(0, 50), randomValue(rng, depth));
  return o;
}

function clone(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clone);
  if (value && typeof value === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setOwn(o, k, clone(v));
    return o;
  }
  return value;
}

/** Replace, delete or add one field somewhere in a (cloned) valid input. */
function mutateValue(value: unknown, rng: Rng): unknown {
  if (!value || typeof value !== 'object' || rng.bool(0.15)) return randomValue(rng);
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  const r = rng.int(4);
  if (r === 0 || keys.length === 0) setOwn(o, rng.pick(KEYS), randomValue(rng));
  else if (r === 1) delete o[rng.pick(keys)];
  else {
    const k = rng.pick(keys);
    setOwn(o, k, r === 2 ? randomValue(rng) : mutateValue(o[k], rng));
  }
  return o;
}

interface Case { method: ApiMethod; input: unknown; how: string }

function makeCase(rng: Rng, methods: readonly ApiMethod[]): Case {
  const method = rng.pick(methods);
  const r = rng.int(10);
  if (r < 6) {
    let input = clone(rng.pick(VALID[method]));
    const n = 1 + rng.int(3);
    for (let i = 0; i < n; i++) input = mutateValue(input, rng);
    return { method, input, how: `valid input with ${n} value mutation(s)` };
  }
  if (r < 8) return { method, input: randomValue(rng), how: 'random value' };
  // Byte-mutated JSON text, parsed as a transport would (JSON.parse keeps "__proto__" as an own key).
  const text = new TextEncoder().encode(JSON.stringify(rng.pick(VALID[method])));
  const { bytes, steps } = mutate(text, rng, [], 3);
  try {
    return { method, input: JSON.parse(new TextDecoder().decode(bytes)) as unknown, how: `JSON text, mutators: ${steps.join(', ')}` };
  } catch {
    return { method, input: JSON.parse(`{"__proto__":{"id":1},"constructor":{"prototype":{"x":1}}}`) as unknown, how: 'prototype-key JSON' };
  }
}

function encodeCase(c: Case): Uint8Array {
  let body: string;
  try {
    body = JSON.stringify({ method: c.method, input: c.input }) ?? 'undefined';
  } catch (error) {
    body = `unserialisable input (${describeError(error)}): ${String(c.input).slice(0, 1000)}`;
  }
  return new TextEncoder().encode(body);
}

function summarise(value: unknown): string {
  try {
    const s = JSON.stringify(value) ?? String(value);
    return s.length > 200 ? `${s.slice(0, 200)}... (${s.length} chars)` : s;
  } catch (error) {
    return `unprintable (${describeError(error)})`;
  }
}

export function schemasHarness(): Harness {
  const methods = Object.keys(INPUT_SCHEMAS) as ApiMethod[];
  return {
    name: 'schemas',
    async setup(): Promise<number> {
      // Warm up (zod compiles lazily): the first parse of each schema is not what we time.
      for (const m of methods) for (const v of VALID[m]) parseInput(m, v);
      return methods.length;
    },
    async runOne(rng: Rng): Promise<Finding | null> {
      const c = makeCase(rng, methods);
      const describe = (): string => `${c.method}: ${c.how}; input ${summarise(c.input)}`;
      const started = performance.now();
      let result: ReturnType<typeof parseInput>;
      try {
        result = parseInput(c.method, c.input);
      } catch (error) {
        return { input: encodeCase(c), error: `parseInput threw: ${describeError(error)}`, description: describe() };
      }
      const ms = performance.now() - started;
      if (ms > TIME_LIMIT_MS) return { input: encodeCase(c), error: `slow: ${ms.toFixed(1)} ms (limit ${TIME_LIMIT_MS})`, description: describe() };
      if (!result || typeof result !== 'object' || (result.ok !== true && (result.ok !== false || typeof result.message !== 'string'))) {
        return { input: encodeCase(c), error: `malformed result: ${summarise(result)}`, description: describe() };
      }
      return null;
    },
  };
}
