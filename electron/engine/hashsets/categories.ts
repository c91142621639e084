// What a set's category numbers mean, per VICS profile. Numbers never pass through raw:
// FORMATS.md, "Categories" — the US/Default table is public; the UK profile grades A/B/C with
// integers that are not, so it is configurable (empty until a lab fills it in).
export type CategoryTable = Readonly<Record<number, string>>;

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
CATEGORY_TABLES satisfies Record<string, CategoryTable>;

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
