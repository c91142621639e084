// The export commands as an examiner runs them (the built CLI): JSONL and CSV carry the review
// fields; every export — jsonl, csv, vics, vics-case, html, crops — is recorded in the audit log
// with its format, destination, count and the SHA-256 of exactly the bytes written; --help works.
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit, verifyAuditChain } from '../../../electron/engine/audit/audit-log.js';
import { openCase, openCaseReadOnly } from '../../../electron/engine/case/case-folder.js';
import type { LanterneExportRecord } from '../../../electron/engine/export/export-record.js';
import { runCli } from '../../fixtures/cli.js';
import { scratchDir } from '../../fixtures/corpus.js';
import { buildReviewCase, type ReviewCase } from './review-case.js';

let built: ReviewCase;

beforeAll(async () => {
  built = await buildReviewCase(scratchDir('lanterne-export-cli-'));
}, 120_000);
afterAll(() => rmSync(built.dir, { recursive: true, force: true }));

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

function exportEntries(): Record<string, unknown>[] {
  const h = openCaseReadOnly(built.caseDir);
  try {
    expect(verifyAuditChain(h.db).ok).toBe(true);
    return readAudit(h.db, { limit: 100000 }).filter((a) => a.action === 'export.written').map((a) => JSON.parse(a.details) as Record<string, unknown>);
  } finally {
    h.close();
  }
}

describe('lanterne export / crops', () => {
  it('JSONL carries the examiner category, tags and region count; stdout exports are recorded too', async () => {
    const run = await runCli(['export', built.caseDir, '--format', 'jsonl']);
    expect(run.code, run.stderr).toBe(0);
    const records = new Map(run.stdout.trim().split('\n').map((l) => JSON.parse(l) as LanterneExportRecord).map((r) => [r.path, r]));
    expect(records.get('holiday/beach-house.jpg')).toMatchObject({
      examinerCategory: '2 · Child Exploitive (Non-CAM) / Age Difficult', examinerCategoryCode: 2, tags: ['same room', 'wallpaper, blue'], regions: 2,
    });
    expect(records.get('notes.txt')).toMatchObject({ examinerCategory: null, examinerCategoryCode: null, tags: [], regions: 0 });
    expect(records.get('known-one.jpg')).toMatchObject({ knownStatus: 'known', examinerCategory: null, regions: 1 });
    expect(exportEntries().at(-1)).toEqual({ format: 'jsonl', destination: 'stdout', count: 5, bytes: Buffer.byteLength(run.stdout), sha256: sha256(run.stdout) });
  });

  it('CSV gains examiner_category, tags and regions columns at the end', async () => {
    const out = path.join(built.dir, 'items.csv');
    const run = await runCli(['export', built.caseDir, '--format', 'csv', '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    const [header, ...lines] = text.trim().split('\r\n');
    expect(header!.split(',').slice(-3)).toEqual(['examiner_category', 'tags', 'regions']);
    const beach = lines.find((l) => l.includes('beach-house'))!;
    expect(beach.endsWith(',2 · Child Exploitive (Non-CAM) / Age Difficult,"same room | wallpaper, blue",2')).toBe(true);
    expect(exportEntries().at(-1)).toEqual({ format: 'csv', destination: out, count: 5, bytes: Buffer.byteLength(text), sha256: sha256(readFileSync(out)) });
  });

  it('VICS, VICS case, the HTML report and the crops are each recorded with the SHA-256 of what was written', async () => {
    const vics = path.join(built.dir, 'mine.json');
    const vicsCase = path.join(built.dir, 'mine-case.json');
    const report = path.join(built.dir, 'report.html');
    const crops = path.join(built.dir, 'crops');
    for (const args of [
      ['export', built.caseDir, '--format', 'vics', '--out', vics],
      ['export', built.caseDir, '--format', 'vics-case', '--out', vicsCase, '--case-number', 'T-1'],
      ['export', built.caseDir, '--format', 'html', '--out', report],
      ['crops', built.caseDir, '--out', crops, '--max-edge', '200', '--blank-outside'],
    ]) {
      const run = await runCli(args);
      expect(run.code, `${args.join(' ')}: ${run.stderr}`).toBe(0);
    }
    const entries = exportEntries().slice(-4);
    expect(entries).toEqual([
      { format: 'vics', destination: vics, count: 3, bytes: readFileSync(vics).length, sha256: sha256(readFileSync(vics)) },
      { format: 'vics-case', destination: vicsCase, count: 3, bytes: readFileSync(vicsCase).length, sha256: sha256(readFileSync(vicsCase)) },
      { format: 'html', destination: report, count: 4, bytes: readFileSync(report).length, sha256: sha256(readFileSync(report)) },
      { format: 'crops', destination: crops, count: 4, bytes: readFileSync(path.join(crops, 'crops.json')).length, sha256: sha256(readFileSync(path.join(crops, 'crops.json'))) },
    ]);
  });

  it('while another process holds the case, writes the export but says it is not recorded (exit 1)', async () => {
    const before = exportEntries().length;
    const out = path.join(built.dir, 'while-locked.jsonl');
    const holder = openCase(built.caseDir);
    let run;
    try {
      run = await runCli(['export', built.caseDir, '--format', 'jsonl', '--out', out]);
    } finally {
      holder.close();
    }
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('NOT recorded in the audit log');
    expect(run.stderr).toContain(sha256(readFileSync(out)));
    expect(exportEntries().length).toBe(before);
  });

  it('refuses bad usage with exit 2 and prints help for every new command', async () => {
    expect((await runCli(['export', built.caseDir, '--format', 'html'])).code).toBe(2); // html needs --out
    expect((await runCli(['export', built.caseDir, '--format', 'xml'])).code).toBe(2);
    expect((await runCli(['crops', built.caseDir])).code).toBe(2);
    expect((await runCli(['redact', built.caseDir])).code).toBe(2);
    for (const cmd of ['export', 'crops', 'demo', 'redact']) {
      const help = await runCli([cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: lanterne ${cmd}`));
    }
  });
});
