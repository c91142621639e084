// A pull parser for very large JSON documents (VICS sets of millions of Media records): the caller
// walks the outer structure key by key and element by element, and takes each inner value whole.
// Taking a value means finding its end with a small scanner (strings, escapes, nesting) and
// handing just that text, bounded in size, to JSON.parse, which does the real validation fast.
// Memory holds one chunk plus the value being taken, never the document.
import { show } from './fields.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LF = 0x0a;
const BACKSLASH = 0x5c;

const isSpace = (c: number): boolean => c === 0x20 || c === LF || c === 0x0d || c === 0x09;
const endsPrimitive = (c: number): boolean => c === COMMA || c === RBRACE || c === RBRACKET || isSpace(c);

/** Keys and other small strings read through readString. */
const MAX_STRING_CHARS = 64 * 1024;

export class JsonStreamError extends Error {
  constructor(
    message: string,
    /** 1-based line where the problem was seen. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'JsonStreamError';
  }
}

export class JsonStreamReader {
  private buf = '';
  private pos = 0;
  /** Start of a value being taken: refills keep the buffer from here. -1 when none. */
  private mark = -1;
  private ended = false;
  private started = false;
  /**
   * Index in buf of the next backslash at or after the scan position, -1 when there is none in
   * buf, -2 when not yet looked up. Kept across values so that strings are skipped with indexOf
   * and each backslash search runs over a buffer once, not once per value.
   */
  private backslash = -2;
  /** 1-based line of the next unread character. */
  line = 1;
  /** 1-based line where the value nextElementText last returned began. */
  valueLine = 1;
  private readonly chunks: AsyncIterator<string>;

  constructor(source: AsyncIterable<string>) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  /** Whitespace skipped; the next character's code without consuming it, or -1 at end of input. */
  async peek(): Promise<number> {
    for (;;) {
      const buf = this.buf;
      let i = this.pos;
      while (i < buf.length) {
        const c = buf.charCodeAt(i);
        if (!isSpace(c)) {
          this.pos = i;
          return c;
        }
        if (c === LF) this.line++;
        i++;
      }
      this.pos = i;
      if (!(await this.fill())) return -1;
    }
  }

  /** Consumes the character peek() just returned. */
  consume(): void {
    this.pos++;
  }

  async expect(ch: string, context: string): Promise<void> {
    const c = await this.peek();
    if (c !== ch.charCodeAt(0)) throw this.error(`expected '${ch}' ${context}, found ${describe(c)}`);
    this.pos++;
  }

  /** Inside an object (after '{'): the next key with its ':' consumed, or null at '}' (consumed). */
  async nextKey(first: boolean): Promise<string | null> {
    let c = await this.peek();
    if (c === RBRACE) {
      this.pos++;
      return null;
    }
    if (!first) {
      if (c !== COMMA) throw this.error(`expected ',' or '}' in an object, found ${describe(c)}`);
      this.pos++;
      c = await this.peek();
    }
    if (c !== QUOTE) throw this.error(`expected a key in double quotes, found ${describe(c)}`);
    const key = await this.readString();
    await this.expect(':', `after key "${show(key)}"`);
    return key;
  }

  /** Inside an array (after '['): true when another element follows (its ',' consumed), false at ']' (consumed). */
  async nextElement(first: boolean): Promise<boolean> {
    const c = await this.peek();
    if (c === RBRACKET) {
      this.pos++;
      return false;
    }
    if (!first) {
      if (c !== COMMA) throw this.error(`expected ',' or ']' in an array, found ${describe(c)}`);
      this.pos++;
    }
    return true;
  }

  async readString(maxChars = MAX_STRING_CHARS): Promise<string> {
    const value = await this.readValue(maxChars);
    if (typeof value !== 'string') throw this.error(`expected a string, found ${show(value)}`);
    return value;
  }

  /** The next complete value, parsed; an error if its JSON text is longer than maxChars. */
  async readValue(maxChars: number): Promise<unknown> {
    await this.peek();
    const line = this.line;
    const text = (await this.scan(true, maxChars)) ?? '';
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new JsonStreamError(`malformed JSON: ${(error as Error).message}`, line);
    }
  }

  /** Passes over the next value without keeping it (balanced nesting checked, contents not). */
  async skipValue(): Promise<void> {
    await this.scan(false, Infinity);
  }

  /**
   * Fast path for arrays of small values (a VICS file's millions of Media): the next element's
   * JSON text when the buffer holds all of it, with its ',' consumed (or `first`); null at the
   * closing ']' (consumed). undefined when the buffer cannot tell — the value runs past its end,
   * is longer than maxChars, or something unexpected comes — and then nothing is consumed: the
   * caller takes the element the slow way (nextElement, readValue), which refills and words the
   * errors. No awaits: a whole buffer of elements is taken in one synchronous run.
   */
  nextElementText(first: boolean, maxChars: number): string | null | undefined {
    const buf = this.buf;
    const n = buf.length;
    let line = this.line;
    let i = this.pos;
    let c = 0;
    // Whitespace, then ']' or (after the first element) ','; after a ',' an element must follow.
    for (let afterComma = false; ; ) {
      while (i < n && isSpace((c = buf.charCodeAt(i)))) {
        if (c === LF) line++;
        i++;
      }
      if (i >= n) return undefined;
      if (c === RBRACKET && !afterComma) {
        this.pos = i + 1;
        this.line = line;
        return null;
      }
      if (first || afterComma) break;
      if (c !== COMMA) return undefined;
      afterComma = true;
      i++;
    }
    if (c !== LBRACE) return undefined; // arrays, strings and primitives take the general path
    const start = i;
    const startLine = line;
    const limit = Math.min(n, start + maxChars);
    let depth = 0;
    while (i < limit) {
      c = buf.charCodeAt(i++);
      if (c === QUOTE) {
        // The string ends at the first quote not escaped by an odd run of backslashes.
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q < 0 || q >= limit) return undefined;
          let b = q;
          while (buf.charCodeAt(b - 1) === BACKSLASH) b--;
          i = q + 1;
          if ((q - b) % 2 === 0) break;
        }
      } else if (c === LBRACE || c === LBRACKET) depth++;
      else if (c === RBRACE || c === RBRACKET) {
        if (--depth === 0) {
          this.pos = i;
          this.line = line;
          this.valueLine = startLine;
          return buf.slice(start, i);
        }
      } else if (c === LF) line++;
    }
    return undefined;
  }

  /** Only whitespace may follow the document. */
  async expectEnd(): Promise<void> {
    const c = await this.peek();
    if (c >= 0) throw this.error(`unexpected ${describe(c)} after the end of the JSON document`);
  }

  error(message: string): JsonStreamError {
    return new JsonStreamError(message, this.line);
  }

  /** Appends the next chunk, dropping text before pos (or before mark). False at end of input. */
  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    let chunk: string = next.value;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const keep = this.mark >= 0 ? Math.min(this.mark, this.pos) : this.pos;
    this.buf = this.buf.slice(keep) + chunk;
    this.backslash = -2;
    this.pos -= keep;
    if (this.mark >= 0) this.mark -= keep;
    return true;
  }

  /** Finds the end of the value at pos; returns its text when `retain`. */
  private async scan(retain: boolean, maxChars: number): Promise<string | undefined> {
    const first = await this.peek();
    if (first < 0) throw this.error('unexpected end of file where a value was expected');
    if (first === RBRACE || first === RBRACKET || first === COMMA || first === COLON) {
      throw this.error(`expected a value, found ${describe(first)}`);
    }
    if (retain) this.mark = this.pos;
    let i = this.pos;
    let depth = 0;
    let inString = false;
    let escaped = false;
    const primitive = first !== LBRACE && first !== LBRACKET && first !== QUOTE;
    for (;;) {
      const buf = this.buf;
      const n = buf.length;
      if (primitive) {
        while (i < n && !endsPrimitive(buf.charCodeAt(i))) i++;
        if (i < n) return this.taken(i, retain, maxChars);
      } else {
        let backslash = this.backslash;
        if (backslash === -2 || (backslash !== -1 && backslash < i)) backslash = buf.indexOf('\\', i);
        // Likewise the next quote, so a string full of escapes is not searched to its end once per escape.
        let quote = -2;
        while (i < n) {
          if (inString) {
            if (escaped) {
              escaped = false;
              i++;
              continue;
            }
            if (backslash !== -1 && backslash < i) backslash = buf.indexOf('\\', i);
            if (quote === -2 || (quote !== -1 && quote < i)) quote = buf.indexOf('"', i);
            if (backslash !== -1 && (quote === -1 || backslash < quote)) {
              i = backslash + 1;
              escaped = true;
              continue;
            }
            if (quote === -1) {
              i = n;
              break;
            }
            i = quote + 1;
            inString = false;
            if (depth === 0) {
              this.backslash = backslash;
              return this.taken(i, retain, maxChars);
            }
            continue;
          }
          const c = buf.charCodeAt(i++);
          if (c === QUOTE) inString = true;
          else if (c === LBRACE || c === LBRACKET) depth++;
          else if (c === RBRACE || c === RBRACKET) {
            if (--depth === 0) {
              this.backslash = backslash;
              return this.taken(i, retain, maxChars);
            }
          } else if (c === LF) this.line++;
        }
      }
      if (retain && i - this.mark > maxChars) throw this.tooLong(maxChars);
      this.pos = i;
      if (!(await this.fill())) {
        if (primitive) return this.taken(this.pos, retain, maxChars);
        this.mark = -1;
        throw this.error('unexpected end of file inside a value (truncated file?)');
      }
      i = this.pos;
    }
  }

  private taken(end: number, retain: boolean, maxChars: number): string | undefined {
    const start = this.mark;
    this.mark = -1;
    this.pos = end;
    if (!retain) return undefined;
    if (end - start > maxChars) throw this.tooLong(maxChars);
    return this.buf.slice(start, end);
  }

  private tooLong(maxChars: number): JsonStreamError {
    this.mark = -1;
    return this.error(`a value is longer than ${maxChars} characters`);
  }
}

function describe(c: number): string {
  if (c < 0) return 'end of file';
  return `'${show(String.fromCharCode(c))}'`;
}
