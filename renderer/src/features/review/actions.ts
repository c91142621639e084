// The review actions the keyboard and the buttons share: categorise and tag a set of items. Each
// answers with a sentence for the status line — what was done, or why not (a locked case, a
// number the profile does not define).
import { categoryTable } from '../../../../shared/review.js';
import { api } from '../../api/client.js';
import { plural } from '../../ui/format.js';

export type ActionOutcome = { ok: boolean; message: string };

export async function categoriseItems(ids: number[], category: number | null): Promise<ActionOutcome> {
  if (category !== null && categoryTable('Default')[category] === undefined) {
    return { ok: false, message: `Category ${category} has no meaning in the Default table (0–4).` };
  }
  const result = await api['items:categorise']({ ids, category });
  if (!result.ok) return { ok: false, message: result.error.message };
  const what = category === null ? 'category cleared' : `category ${category} · ${categoryTable('Default')[category]}`;
  return { ok: true, message: `${plural(ids.length, 'item')}: ${what}.` };
}

export async function tagItems(ids: number[], tag: string, remove = false): Promise<ActionOutcome> {
  const result = await api['items:tag']({ ids, tag, remove });
  if (!result.ok) return { ok: false, message: result.error.message };
  return { ok: true, message: `${plural(ids.length, 'item')}: tag “${tag.trim()}” ${remove ? 'removed' : 'added'}.` };
}
