import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalJson } from '../../../../electron/engine/audit/canonical-json.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does (uppercase before lowercase, é after z)', () => {
    expect(canonicalJson({ b: 0, é: 0, B: 0, a: 0, z: 0, '10': 0, '9': 0 })).toBe('{"10":0,"9":0,"B":0,"a":0,"b":0,"z":0,"é":0}');
  });

  it('writes strings and numbers as JSON.stringify does, escaping quotes, backslashes and control characters', () => {
    expect(canonicalJson({ s: 'a"b\\c\nd\u0001é€' })).toBe('{"s":"a\\"b\\\\c\\nd\\u0001é€"}');
    expect(canonicalJson([1, -0, 1.5, 1e21, 0.1 + 0.2])).toBe('[1,0,1.5,1e+21,0.30000000000000004]');
  });

  it('leaves out object members that are undefined, as JSON.stringify does', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('refuses what would not survive a JSON round trip', () => {
    for (const bad of [NaN, Infinity, [undefined], new Date(0), Buffer.from('x'), 10n, () => 1, Symbol('s'), new Map()]) {
      expect(() => canonicalJson({ v: bad }), String(bad)).toThrow(CanonicalJsonError);
    }
  });

  it('is a fixed point of parse and re-serialise', () => {
    const text = canonicalJson({ name: 'set', records: 3, path: '/evidence/ä/"quoted"', nested: [{ b: 1, a: 2 }] });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});
