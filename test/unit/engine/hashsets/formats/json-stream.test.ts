import { describe, expect, it } from 'vitest';
import { JsonStreamError, JsonStreamReader } from '../../../../../electron/engine/hashsets/formats/json-stream.js';

async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** Walks a top-level object with the reader, taking every value whole. */
async function walkObject(reader: JsonStreamReader): Promise<Record<string, unknown>> {
  await reader.expect('{', 'at the start');
  const out: Record<string, unknown> = {};
  for (let first = true; ; first = false) {
    const key = await reader.nextKey(first);
    if (key === null) break;
    out[key] = await reader.readValue(1 << 20);
  }
  await reader.expectEnd();
  return out;
}

const TRICKY = String.raw`{
  "plain": "abc",
  "quote\"key": "a \"quoted\" word",
  "backslashes": "C:\\dir\\",
  "unicode": "caf\u00e9 \ud83d\udcf7 ✓",
  "nested": {"a": [1, 2, {"b": "}]{["}], "c": null},
  "numbers": [-1.5e3, 0, 12345678901],
  "flags": [true, false, null],
  "empty": {}, "emptyList": [], "last": "\\"
}`;

describe('JsonStreamReader', () => {
  it('takes the same values as JSON.parse, whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 3, 5, 7, 64, 4096]) {
      const reader = new JsonStreamReader(chunked(TRICKY, size));
      expect(await walkObject(reader), `chunks of ${size}`).toEqual(JSON.parse(TRICKY));
    }
  });

  it('strips a UTF-8 byte order mark', async () => {
    const reader = new JsonStreamReader(chunked('\ufeff{"a": 1}', 3));
    expect(await walkObject(reader)).toEqual({ a: 1 });
  });

  it('passes over values without keeping them, brackets inside strings included', async () => {
    const doc = String.raw`{"skip": {"s": "}]\"{[", "t": [[["x"]]]}, "n": 123, "keep": "yes"}`;
    for (const size of [1, 4, 100]) {
      const reader = new JsonStreamReader(chunked(doc, size));
      await reader.expect('{', '');
      expect(await reader.nextKey(true)).toBe('skip');
      await reader.skipValue();
      expect(await reader.nextKey(false)).toBe('n');
      await reader.skipValue();
      expect(await reader.nextKey(false)).toBe('keep');
      expect(await reader.readString()).toBe('yes');
      expect(await reader.nextKey(false)).toBeNull();
    }
  });

  it('counts lines outside strings, so each element knows where it starts', async () => {
    const doc = '[\n  {"a": 1},\n\n  {"b":\n    2},\r\n  3\n]';
    const reader = new JsonStreamReader(chunked(doc, 2));
    await reader.expect('[', '');
    const lines: number[] = [];
    for (let first = true; await reader.nextElement(first); first = false) {
      await reader.peek();
      lines.push(reader.line);
      await reader.readValue(100);
    }
    expect(lines).toEqual([2, 4, 6]);
  });

  it('refuses a value longer than the limit without buffering the rest', async () => {
    const reader = new JsonStreamReader(chunked(`[${JSON.stringify({ big: 'x'.repeat(5000) })}]`, 256));
    await reader.expect('[', '');
    await reader.nextElement(true);
    await expect(reader.readValue(1000)).rejects.toThrow(/longer than 1000 characters/);
  });

  it('scans a string full of escapes in linear time (hostile input)', async () => {
    const doc = JSON.stringify({ a: '\\'.repeat(300_000) + 'x'.repeat(300_000) });
    const started = performance.now();
    const value = (await walkObject(new JsonStreamReader(chunked(doc, 1 << 16)))).a as string;
    expect(value.length).toBe(600_000);
    expect(performance.now() - started).toBeLessThan(2000); // quadratic would take minutes
  });

  it('says where a document is broken', async () => {
    const cases: [string, RegExp, number][] = [
      ['{"a": 1 "b": 2}', /expected ',' or '}' in an object, found '"'/, 1],
      ['{\n"a": [1,\n 2', /end of file/, 3],
      ['{"a": {"b": "unterminated', /end of file inside a value/, 1],
      ['{"a": 1}\n\n x', /after the end of the JSON document/, 3],
      ['{"a": [1, 2,, 3]}', /malformed JSON|expected a value/, 1],
      ['{"a": {"b": tru}}', /malformed JSON/, 1],
      ['{a: 1}', /expected a key in double quotes/, 1],
    ];
    for (const [doc, message, line] of cases) {
      const error = await walkObject(new JsonStreamReader(chunked(doc, 3))).then(() => undefined, (e: unknown) => e);
      expect(error, doc).toBeInstanceOf(JsonStreamError);
      expect((error as JsonStreamError).message, doc).toMatch(message);
      expect((error as JsonStreamError).line, doc).toBe(line);
    }
  });
});
