// The box syntax of ISO-BMFF (MP4, 3GP) and QuickTime files (ISO 14496-12 §4.2): a 32-bit size,
// a four-character type, a 64-bit size when the first is 1, "to the end" when it is 0. Every size
// is checked against its container; walks are bounded in boxes so a crafted file costs little.

/** Boxes looked at in one file, top level and inside moov together. */
export const MAX_BOXES = 50_000;

export interface Box {
  type: string;
  /** The type as a number: an ilst item of an 'mdta' list is named by its 1-based key index. */
  code: number;
  /** Payload start and end (absolute, within the buffer or file). */
  start: number;
  end: number;
}

export interface Walk {
  boxes: number;
  warnings: string[];
  capped: boolean;
}

export const u32 = (b: Uint8Array, at: number): number => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
export const i32 = (b: Uint8Array, at: number): number => (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
export const u16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;
/** 64-bit big-endian as a number; null beyond 2^53 (no real file is that big). */
export const u64 = (b: Uint8Array, at: number): number | null => {
  const high = u32(b, at);
  return high >= 0x200000 ? null : high * 0x1_0000_0000 + u32(b, at + 4);
};
export const fourcc = (b: Uint8Array, at: number): string => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/**
 * One box header at `at` inside [at, limit): its payload bounds, or null (with a warning) when the
 * header is cut or its size is impossible. A box larger than its parent is clipped to it and said.
 */
export function header(head: Uint8Array, at: number, limit: number, walk: Walk): Box | null {
  if (head.length < 8 || limit - at < 8) {
    if (limit - at > 0) walk.warnings.push(`${limit - at} stray bytes at offset ${at}; ignored`);
    return null;
  }
  const type = printable(fourcc(head, 4));
  let size: number | null = u32(head, 0);
  let start = at + 8;
  if (size === 1) {
    if (head.length < 16 || limit - at < 16) {
      walk.warnings.push(`box '${type}' at offset ${at} is cut inside its 64-bit size`);
      return null;
    }
    size = u64(head, 8);
    start = at + 16;
    if (size === null) size = Number.MAX_SAFE_INTEGER;
  } else if (size === 0) {
    size = limit - at; // ISO 14496-12 §4.2: the box runs to the end of its container (the file)
  }
  if (size < start - at) {
    walk.warnings.push(`box '${type}' at offset ${at} has an impossible size ${size}; the rest of its container is not read`);
    return null;
  }
  let end = at + size;
  if (end > limit) {
    walk.warnings.push(`box '${type}' at offset ${at} claims ${size} bytes, past the end of its container (${limit - at} left): cut there`);
    end = limit;
  }
  return { type, code: u32(head, 4), start, end };
}

/** The child boxes of [start, end) in a buffer, bounded by MAX_BOXES. */
export function* children(b: Uint8Array, start: number, end: number, walk: Walk): Generator<Box> {
  let at = start;
  while (at < end) {
    if (++walk.boxes > MAX_BOXES) {
      if (!walk.capped) walk.warnings.push(`more than ${MAX_BOXES} boxes; the rest is not read`);
      walk.capped = true;
      return;
    }
    const box = header(b.subarray(at, Math.min(end, at + 16)), at, end, walk);
    if (!box) return;
    yield box;
    at = box.end;
  }
}

export const printable = (text: string): string => text.replace(/[^\x20-\x7e\xa9]/g, '?');

/** Text as UTF-8, trailing NULs dropped. */
export const utf8 = (p: Uint8Array): string => new TextDecoder('utf-8').decode(p).replace(/\0+$/, '');
