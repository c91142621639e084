// Migration 006 — never edit once landed. Names that are not valid UTF-8 (issue 7): Linux allows
// any bytes in a file name, and seized media carry names in old code pages. rel_path stays the
// readable form (each byte that is not UTF-8 shown as \xHH, see ingest/walker.ts); raw_rel_path
// keeps the exact bytes of the relative path, only for such names (NULL means rel_path is exact).
// The item is opened by those bytes, so it is hashed like any other file.
export const up = `
ALTER TABLE items ADD COLUMN raw_rel_path BLOB;
ALTER TABLE walk_notes ADD COLUMN raw_rel_path BLOB;
`;
