// One zod schema per API method: every input is parsed by it before a handler sees it, on every
// transport. Bounds are deliberate — an input is hostile until parsed (a 10 MB search string or
// an offset past the end of any case is refused here, not in SQL).
import { z } from 'zod';
import { REGION_TYPES } from '../review.js';
import { API, type ApiMethod } from './methods.js';

/** Item ids are SQLite rowids: positive integers. Anything else (a path, "1/../2") is refused. */
export const ItemId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const KnownStatusSchema = z.enum(['new', 'known', 'ignorable']);
const ItemStatusSchema = z.enum(['pending', 'ok', 'failed']);

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD');

export const ItemsFilterSchema = z.strictObject({
  knownStatus: z.array(KnownStatusSchema).min(1).max(3).optional(),
  status: z.array(ItemStatusSchema).min(1).max(3).optional(),
  /** "image/" for every image, "image/jpeg" for one type: a prefix of the sniffed MIME type. */
  mimePrefix: z
    .string()
    .max(100)
    .regex(/^[a-z0-9.+-]+(\/[a-z0-9.+-]*)?$/, 'a MIME type or its prefix, such as "image/" or "image/jpeg"')
    .optional(),
  /** Exactly as recorded (the case overview lists them); null finds items without one. */
  cameraMake: z.string().max(500).nullable().optional(),
  cameraModel: z.string().max(500).nullable().optional(),
  cameraSerial: z.string().max(500).nullable().optional(),
  hasGps: z.boolean().optional(),
  /** Case-insensitive substring of the path inside the evidence root; blank means no search. */
  text: z.string().max(500).optional(),
  /** The examiner's category numbers; null stands for "not categorised by the examiner". */
  examinerCategory: z.array(z.number().int().min(0).max(99).nullable()).min(1).max(100).optional(),
  /** Items carrying this tag (names compare without case). */
  tag: z.string().trim().min(1).max(200).optional(),
  /** Items under this folder of their evidence root ('/'-separated, no leading or trailing '/'), subfolders included. */
  folder: z.string().max(4000).optional(),
  /** Taken on or after / on or before this day, as recorded ("2021-07-04"); undated items are left out. */
  takenFrom: IsoDay.optional(),
  takenTo: IsoDay.optional(),
  /** Members of one near-duplicate cluster. */
  cluster: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
  /** Items with (true) or without (false) marked clue regions. */
  hasRegions: z.boolean().optional(),
});

/**
 * new-first, taken, path and size order the grid; cluster and camera also *group* it (members of a
 * near-duplicate cluster together, largest clusters first; items of one make/model/serial together),
 * and the cards carry the group key so the grid can label each group. Grouping by folder is the
 * path order; grouping by day is the taken order.
 */
/** The exports the UI can write into the case folder (`lanterne export`, `lanterne crops`). */
export const EXPORT_KINDS = ['jsonl', 'csv', 'vics', 'vics-case', 'html', 'crops'] as const;
const ExportKindSchema = z.enum(EXPORT_KINDS);
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** A selection to act on: bulk actions take at most this many items per call. */
export const MAX_BULK = 10_000;
const ItemIds = z.array(ItemId).min(1).max(MAX_BULK);
const RegionId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Fraction = z.number().finite().min(0).max(1);
const RegionTypeSchema = z.enum(REGION_TYPES);

/** A clue rectangle in fractions of the image as displayed, with what it shows. */
const RegionFields = {
  type: RegionTypeSchema,
  x: Fraction,
  y: Fraction,
  w: Fraction,
  h: Fraction,
  label: z.string().max(500).default(''),
  note: z.string().max(10_000).default(''),
};

export const ItemsSortSchema = z.enum(['new-first', 'taken', 'path', 'size', 'cluster', 'camera']);

export const INPUT_SCHEMAS = {
  [API.caseSummary]: z.strictObject({}),
  [API.itemsQuery]: z.strictObject({
    filter: ItemsFilterSchema.default({}),
    /**
     * new-first (default): new, then known, then ignorable items, each in ingest order.
     * taken: by DateTimeOriginal as recorded; undated items come last either way.
     */
    sort: ItemsSortSchema.default('new-first'),
    descending: z.boolean().default(false),
    // Offset paging, because a virtual grid jumps anywhere in the case; SQL serves it from indexes.
    offset: z.number().int().min(0).max(1e9).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  }),
  [API.itemGet]: z.strictObject({ id: ItemId }),
  [API.itemReveal]: z.strictObject({
    id: ItemId,
    reason: z.string().trim().min(1, 'Say why this known item must be seen unblurred.').max(2000),
  }),
  [API.itemSimilar]: z.strictObject({ id: ItemId }),
  [API.itemsCategorise]: z.strictObject({
    ids: ItemIds,
    /** A number of the profile's table; null clears the examiner's category. */
    category: z.number().int().min(0).max(99).nullable(),
    profile: z.enum(['Default', 'UK', 'CUSTOM']).default('Default'),
  }),
  [API.itemsTag]: z.strictObject({
    ids: ItemIds,
    tag: z.string().trim().min(1, 'A tag needs a name.').max(200),
    /** Take the tag off these items instead of putting it on. */
    remove: z.boolean().default(false),
  }),
  [API.tagsList]: z.strictObject({}),
  [API.regionAdd]: z.strictObject({ itemId: ItemId, ...RegionFields }),
  [API.regionEdit]: z.strictObject({ id: RegionId, ...RegionFields }),
  [API.regionRemove]: z.strictObject({ id: RegionId }),
  [API.camerasList]: z.strictObject({}),
  [API.caseExport]: z.strictObject({ format: ExportKindSchema }),
  [API.regionsList]: z.strictObject({
    types: z.array(RegionTypeSchema).min(1).max(REGION_TYPES.length).default([...REGION_TYPES]),
    offset: z.number().int().min(0).max(1e9).default(0),
    limit: z.number().int().min(1).max(500).default(200),
  }),
} as const satisfies Record<ApiMethod, z.ZodType>;

export type ItemsFilter = z.output<typeof ItemsFilterSchema>;
export type ItemsSort = z.output<typeof ItemsSortSchema>;
export type ItemsQuery = z.output<(typeof INPUT_SCHEMAS)[typeof API.itemsQuery]>;

/** Parses one method's input: the parsed value, or a BAD_INPUT message naming the field. */
export function parseInput<M extends ApiMethod>(
  method: M,
  input: unknown,
): { ok: true; value: z.output<(typeof INPUT_SCHEMAS)[M]> } | { ok: false; message: string } {
  const result = (INPUT_SCHEMAS[method] as z.ZodType).safeParse(input);
  if (result.success) return { ok: true, value: result.data as z.output<(typeof INPUT_SCHEMAS)[M]> };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length ? issue.path.join('.') : 'input';
  return { ok: false, message: `Bad input for ${method}: ${where}: ${issue?.message ?? 'invalid'}.` };
}
