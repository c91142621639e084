// Migration 008 — never edit once landed. The gallery's type filter, counted from an index: "images"
// is most of a case, so gallery-filter-sql.ts counts it through the few other files, grouped by
// their known status — which this index holds beside the type, so no row is read.
export const up = `
CREATE INDEX items_mime_status ON items (mime, known_status);
`;
