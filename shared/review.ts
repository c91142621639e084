// The examiner's review vocabulary, shared by engine, CLI, bridge and renderer: clue region types
// and the category tables the digit keys use. Platform-free.

/** What a marked region shows — what could locate the child. Order is the order the UI lists them. */
export const REGION_TYPES = ['background', 'object', 'text', 'logo', 'clothing', 'furniture', 'vehicle', 'landmark', 'other'] as const;
export type RegionType = (typeof REGION_TYPES)[number];

export const REGION_TYPE_LABELS: Readonly<Record<RegionType, string>> = {
  background: 'Room / background',
  object: 'Object',
  text: 'Text or sign',
  logo: 'Logo or brand',
  clothing: 'Clothing',
  furniture: 'Furniture',
  vehicle: 'Vehicle',
  landmark: 'Landmark',
  other: 'Other',
};

/** A clue region. Geometry in fractions (0..1) of the image as displayed (orientation applied). */
export interface Region {
  id: number;
  itemId: number;
  type: RegionType;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  note: string;
  actor: string;
  createdAt: string;
  updatedAt: string;
}

export type CategoryTable = Readonly<Record<number, string>>;

/**
 * What category numbers mean, per VICS profile (FORMATS.md, "Categories"). Numbers never pass
 * through raw: the US/Default table is public; the UK profile grades A/B/C with integers that are
 * not, so it is empty until a lab fills it in.
 */
export const CATEGORY_TABLES: Readonly<Record<string, CategoryTable>> = {
  Default: {
    0: 'Non-Pertinent',
    1: 'Child Abuse Material (CAM)',
    2: 'Child Exploitive (Non-CAM) / Age Difficult',
    3: 'CGI / Animation',
    4: 'Comparison Images',
  },
  UK: {},
  CUSTOM: {},
};

export function categoryTable(profile: string | null | undefined): CategoryTable {
  if (!profile || profile === 'US' || profile === 'Default') return CATEGORY_TABLES['Default']!;
  return CATEGORY_TABLES[profile] ?? {};
}

/** "1 · Child Abuse Material (CAM)", or "7 (no meaning in the UK table)", or null when uncategorised. */
export function describeCategory(category: number | null, profile: string | null | undefined): string | null {
  if (category === null || category === undefined) return null;
  const name = categoryTable(profile)[category];
  return name ? `${category} · ${name}` : `${category} (no meaning in the ${profile ?? 'Default'} table)`;
}
