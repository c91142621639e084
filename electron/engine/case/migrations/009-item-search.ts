// Migration 009 — never edit once landed. The gallery's text search over path and metadata strings
// (make, model, serials, lens, software, owner, creator, caption, keywords): an FTS5 trigram index,
// so a substring search answers from the index in milliseconds at 10^6 items, where LIKE '%…%' over
// items read every row. Kept current by triggers, whichever code path writes items or metadata.
// detail=none: substring LIKE still uses the trigrams, at about half the index size.
const SEARCH_TEXT = (item: string, m: string) => `(SELECT rel_path FROM items WHERE id = ${item}) || char(10) || concat_ws(char(10),
    ${m}.make, ${m}.model, ${m}.serial, ${m}.serials_json, ${m}.lens, ${m}.lens_serial, ${m}.software, ${m}.owner,
    ${m}.creator, ${m}.copyright, ${m}.caption, ${m}.keywords_json)`;

export const up = `
CREATE VIRTUAL TABLE item_search USING fts5(text, tokenize = 'trigram', detail = 'none');

INSERT INTO item_search (rowid, text)
SELECT items.id, ${SEARCH_TEXT('items.id', 'metadata')}
FROM items LEFT JOIN metadata ON metadata.item_id = items.id;

CREATE TRIGGER item_search_on_item AFTER INSERT ON items
BEGIN
  INSERT INTO item_search (rowid, text) VALUES (new.id, new.rel_path);
END;

CREATE TRIGGER item_search_on_metadata_insert AFTER INSERT ON metadata
BEGIN
  UPDATE item_search SET text = ${SEARCH_TEXT('new.item_id', 'new')} WHERE rowid = new.item_id;
END;

CREATE TRIGGER item_search_on_metadata_update AFTER UPDATE ON metadata
BEGIN
  UPDATE item_search SET text = ${SEARCH_TEXT('new.item_id', 'new')} WHERE rowid = new.item_id;
END;
`;
