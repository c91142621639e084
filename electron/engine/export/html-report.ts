// The HTML case report: one self-contained file a court or a partner can open anywhere (issue 6).
// - No script, no external anything: a strict CSP forbids every fetch but data: images, and the
//   only URLs in the file are data: URIs. Styles are inline.
// - Images come from the engine's blur-enforcing render (renderItem) and the clue-crop render:
//   a known item's thumbnail and crops are always blurred, even while a reveal is active.
// - Every piece of case text is escaped (html-escape.ts): seized names and EXIF are hostile.
// - The verify result is the latest `lanterne verify` recorded in the audit log (with its date),
//   not a new run — a full re-hash can take hours; `lanterne export --format html --verify` runs
//   one first. The audit chain itself is re-checked when the report is written.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { describeCategory, REGION_TYPE_LABELS } from '../../../shared/review.js';
import { currentActor, verifyAuditChain } from '../audit/audit-log.js';
import type { Db } from '../case/db.js';
import { GalleryQueries } from '../case/gallery-queries.js';
import { ReportQueries } from '../case/report-queries.js';
import type { ThumbnailStore } from '../case/thumbnail-store.js';
import { renderItem } from '../hashsets/render-item.js';
import { renderClueCrop } from './clue-crops.js';
import { AS_IF_NO_REVEAL, writeExport, type ExportWritten, type HashedWriter } from './export-output.js';
import { dataUri, escapeHtml as e, html, raw } from './html-escape.js';
import { SOURCE_APPLICATION } from './vics-export.js';

export interface HtmlReportOptions {
  /** Most categorised items shown with thumbnails (the rest are counted). Default 2000. */
  maxItems?: number;
  /** Most clue regions shown with their crops. Default 1000. */
  maxRegions?: number;
  /** Longest side of a clue crop in the report. Default 320. */
  cropEdge?: number;
  now?: Date;
}

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#1b1b1b;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:2px solid #444;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #bbb;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#eee}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,.hash{font-family:ui-monospace,monospace;font-size:.85em;word-break:break-all}
.items{display:grid;grid-template-columns:repeat(auto-fill,minmax(16em,1fr));gap:1em}
.item,.region{border:1px solid #bbb;padding:.5em;break-inside:avoid}
.item img,.region img{display:block;max-width:100%;max-height:256px;margin:0 auto .4em;background:#ddd}
.known{outline:3px solid #b00}.badge{display:inline-block;padding:0 .4em;border-radius:.3em;background:#b00;color:#fff;font-size:.8em}
.ok{color:#060;font-weight:bold}.bad{color:#b00;font-weight:bold}.muted{color:#666}
@media print{.items{display:block}.item,.region{margin-bottom:1em}}`;

type Handle = { dir: string; db: Db; thumbs: ThumbnailStore };

const bytes = (n: number) => (n >= 1 << 30 ? `${(n / 2 ** 30).toFixed(2)} GB` : n >= 1 << 20 ? `${(n / 2 ** 20).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);
const row = (cells: unknown[]) => html`<tr>${cells.map((c) => raw(`<td${typeof c === 'number' ? ' class="n"' : ''}>${e(c)}</td>`))}</tr>`;

/**
 * A root's manifest hash: SHA-256 of `<sha256>  <path>\n` for each of its files in path order
 * (the sha256sum line format; "-" for a file never hashed), so a list of the root can be checked
 * against the report without Lanterne.
 */
function rootManifestHash(queries: ReportQueries, rootId: number): string {
  const hash = createHash('sha256');
  for (const r of queries.rootManifest(rootId)) hash.update(`${r.sha256 ?? '-'}  ${r.rel_path}\n`, 'utf8');
  return hash.digest('hex');
}

async function writeHeader(w: HashedWriter, handle: Handle, queries: ReportQueries, now: Date): Promise<void> {
  const info = queries.caseInfo();
  const schema = handle.db.pragma('user_version', { simple: true }) as number;
  await w.write(html`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="referrer" content="no-referrer">
<title>Lanterne case report — ${path.basename(handle.dir)}</title>
<style>${raw(STYLE)}</style></head><body>
<h1>Case report: ${path.basename(handle.dir)}</h1>
<p class="muted">Written ${now.toISOString()} by ${currentActor()} with ${SOURCE_APPLICATION}. Known material is shown blurred.</p>
<h2>Case</h2><table>
${raw(row(['Case folder', handle.dir]))}${raw(row(['Created', info['created_at'] ?? 'unknown']))}${raw(row(['Schema version', schema]))}
</table>\n`);
}

async function writeEvidence(w: HashedWriter, queries: ReportQueries, gallery: GalleryQueries): Promise<void> {
  const roots = queries.roots();
  await w.write(html`<h2>Evidence roots</h2><table><tr><th>Root</th><th>Added</th><th>Files</th><th>Size</th><th>Hashed</th><th>Manifest SHA-256</th></tr>
${roots.map((r) => raw(html`<tr><td>${r.given}</td><td>${r.added_at}</td><td class="n">${r.files}</td><td class="n">${bytes(r.bytes)}</td><td class="n">${r.hashed}</td><td class="hash">${rootManifestHash(queries, r.id)}</td></tr>`))}
</table><p class="muted">Manifest SHA-256: SHA-256 of the lines "&lt;sha256&gt;  &lt;path&gt;" (sha256sum format) of the root's files in path order.</p>\n`);
  const c = gallery.counts();
  const review = queries.reviewCounts();
  await w.write(html`<h2>Counts</h2><table>
${[['Files', c.files], ['Images', c.images], ['Processed', c.ok], ['Failed', c.failed], ['Not yet processed', c.pending], ['New (no hash-set hit)', c.new], ['Known', c.known], ['Ignorable', c.ignorable], ['Categorised by the examiner', review.categorised], ['Tagged', review.tagged], ['Clue regions', review.regions]].map((r) => raw(row(r)))}
</table>
<h3>Hash sets</h3><table><tr><th>Set</th><th>Kind</th><th>Records</th></tr>${gallery.hashSets().map((s) => raw(row([s.name, s.kind, s.records])))}</table>\n`);
  const cameras = gallery.cameras(50);
  const serials = gallery.serials(50);
  await w.write(html`<h2>Cameras</h2><table><tr><th>Make</th><th>Model</th><th>Items</th></tr>${cameras.rows.map((r) => raw(row([r.make ?? '', r.model ?? '', r.items])))}</table>
${cameras.combinations > cameras.rows.length ? raw(html`<p class="muted">${cameras.combinations - cameras.rows.length} more make/model combinations not listed.</p>`) : ''}
<h3>Body serial numbers</h3><table><tr><th>Serial</th><th>Make</th><th>Model</th><th>Items</th></tr>${serials.map((r) => raw(row([r.serial, r.make ?? '', r.model ?? '', r.items])))}</table>\n`);
}

async function writeItems(w: HashedWriter, handle: Handle, queries: ReportQueries, options: Required<Pick<HtmlReportOptions, 'maxItems'>> & { now: Date }): Promise<number> {
  const { total, rows } = queries.reportItems(options.maxItems);
  await w.write(html`<h2>Categorised items and items with clues</h2><p>${total} item(s)${total > rows.length ? `, the first ${rows.length} shown` : ''}.</p><div class="items">\n`);
  for (const item of rows) {
    const thumb = await renderItem(handle, item.id, 'thumb', AS_IF_NO_REVEAL);
    const img = thumb.ok ? raw(html`<img alt="item ${item.id}${thumb.blurred ? ' (blurred)' : ''}" data-item="${item.id}" data-blurred="${thumb.blurred ? '1' : '0'}" src="${raw(dataUri('image/webp', thumb.bytes))}">`) : raw(html`<p class="muted">${thumb.error.message}</p>`);
    const tags = item.tags_json ? (JSON.parse(item.tags_json) as string[]).join(', ') : '';
    await w.write(html`<div class="item${item.known_status === 'known' ? ' known' : ''}" id="item-${item.id}">${img}
${item.known_status === 'known' ? raw('<span class="badge">known</span> ') : ''}<b>${describeCategory(item.examiner_category, item.examiner_profile) ?? 'not categorised'}</b>
<div><code>${item.rel_path}</code></div><div class="muted">in ${item.root_given} · ${bytes(item.size)} · ${item.mime ?? ''}</div>
<div class="hash">MD5 ${item.md5 ?? '-'}<br>SHA-1 ${item.sha1 ?? '-'}<br>SHA-256 ${item.sha256 ?? '-'}</div>
${tags ? raw(html`<div>Tags: ${tags}</div>`) : ''}${item.regions ? raw(html`<div>${item.regions} clue region(s)</div>`) : ''}</div>\n`);
  }
  await w.write('</div>\n');
  return rows.length;
}

async function writeRegions(w: HashedWriter, handle: Handle, queries: ReportQueries, options: { maxRegions: number; cropEdge: number; now: Date }): Promise<number> {
  const regions = [...queries.cropRegions()];
  const shown = regions.slice(0, options.maxRegions);
  await w.write(html`<h2>Clue regions</h2><p>${regions.length} region(s)${regions.length > shown.length ? `, the first ${shown.length} shown` : ''}. Crops are cut from the image as displayed; known items' crops are blurred.</p><div class="items">\n`);
  for (const region of shown) {
    const crop = await renderClueCrop(handle, region, { maxEdge: options.cropEdge, now: AS_IF_NO_REVEAL });
    const img = crop.ok ? raw(html`<img alt="region ${region.region_id}" data-region="${region.region_id}" data-blurred="${crop.blurred ? '1' : '0'}" src="${raw(dataUri('image/jpeg', crop.bytes))}">`) : raw(html`<p class="muted">${crop.error.message}</p>`);
    await w.write(html`<div class="region" id="region-${region.region_id}">${img}<b>${REGION_TYPE_LABELS[region.type] ?? region.type}</b> ${region.label}
<div class="muted">item ${region.item_id} · x ${region.x.toFixed(3)} y ${region.y.toFixed(3)} w ${region.w.toFixed(3)} h ${region.h.toFixed(3)}</div>
${region.note ? raw(html`<div>${region.note}</div>`) : ''}</div>\n`);
  }
  await w.write('</div>\n');
  return shown.length;
}

async function writeIntegrity(w: HashedWriter, db: Db, queries: ReportQueries): Promise<void> {
  const chain = verifyAuditChain(db);
  const span = queries.auditSpan();
  await w.write(html`<h2>Audit log</h2><table>
${raw(row(['Entries', chain.entries]))}${raw(row(['First entry', span.first ?? '-']))}${raw(row(['Last entry', span.last ?? '-']))}
<tr><td>Head hash</td><td class="hash">${chain.head ?? '-'}</td></tr>
<tr><td>Chain re-checked when this report was written</td><td>${chain.ok ? raw('<span class="ok">intact</span>') : raw(html`<span class="bad">broken at entry ${chain.firstBroken.id}</span>: ${chain.firstBroken.reason}`)}</td></tr>
</table><table><tr><th>Action</th><th>Entries</th></tr>${queries.auditActions().map((a) => raw(row([a.action, a.entries])))}</table>\n`);
  const last = queries.lastVerification();
  if (!last) {
    await w.write('<h2>Verification</h2><p class="bad">This case has never been verified (<code>lanterne verify</code>).</p>\n');
    return;
  }
  const d = JSON.parse(last.details) as { result: string; startedAt: string; evidence: Record<string, number>; chain: { ok: boolean; entries: number; head: string | null } };
  await w.write(html`<h2>Verification</h2><p>The latest <code>lanterne verify</code> recorded in the audit log (entry ${last.id}), run by ${last.actor}, finished ${last.at}:
${d.result === 'passed' ? raw('<span class="ok">passed</span>') : raw('<span class="bad">failed</span>')}. It was not re-run for this report.</p><table>
${Object.entries(d.evidence).map(([k, v]) => raw(row([k, v])))}${raw(row(['audit entries then', d.chain.entries]))}<tr><td>audit head then</td><td class="hash">${d.chain.head ?? '-'}</td></tr></table>\n`);
}

/** Writes the report to `out`; returns what its `export.written` entry records (count = items shown). */
export async function writeHtmlReport(handle: Handle, out: string, options: HtmlReportOptions = {}): Promise<ExportWritten> {
  const now = options.now ?? new Date();
  const queries = new ReportQueries(handle.db);
  const gallery = new GalleryQueries(handle.db);
  const written = await writeExport({ file: out }, async (w) => {
    await writeHeader(w, handle, queries, now);
    await writeEvidence(w, queries, gallery);
    const items = await writeItems(w, handle, queries, { maxItems: options.maxItems ?? 2000, now });
    await writeRegions(w, handle, queries, { maxRegions: options.maxRegions ?? 1000, cropEdge: options.cropEdge ?? 320, now });
    await writeIntegrity(w, handle.db, queries);
    await w.write('</body></html>\n');
    return items;
  });
  return { format: 'html', ...written };
}
