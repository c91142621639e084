// Ingest progress for people: a live bar on a terminal, a line every few seconds in a log.
import type { IngestProgress } from '../engine/ingest/pipeline.js';

const MB = 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * MB) return `${(bytes / 1024 / MB).toFixed(2)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} B`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '--';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function describeProgress(p: Extract<IngestProgress, { phase: 'process' }>): {
  percent: number;
  text: string;
} {
  const seconds = p.elapsedMs / 1000;
  const filesPerSec = seconds > 0 ? p.done / seconds : 0;
  const bytesPerSec = seconds > 0 ? p.bytesDone / seconds : 0;
  // ETA from bytes when most work is bytes, from file count otherwise; whichever is later.
  const etaFiles = filesPerSec > 0 ? ((p.total - p.done) / filesPerSec) * 1000 : NaN;
  const etaBytes = bytesPerSec > 0 ? ((p.bytesTotal - p.bytesDone) / bytesPerSec) * 1000 : NaN;
  const eta = Math.max(Number.isFinite(etaFiles) ? etaFiles : 0, Number.isFinite(etaBytes) ? etaBytes : 0);
  const percent = p.total > 0 ? p.done / p.total : 1;
  const text =
    `${p.done}/${p.total} files · ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)} · ` +
    `${filesPerSec.toFixed(1)} files/s · ${(bytesPerSec / MB).toFixed(1)} MB/s · ` +
    `${p.failed} failed · ETA ${p.done > 0 ? formatDuration(eta) : '--'}`;
  return { percent, text };
}

export class ProgressPrinter {
  private lastLine = 0;
  private drewBar = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly quiet = false,
    private readonly intervalMs = 5000,
  ) {}

  private get tty(): boolean {
    return Boolean(this.out.isTTY);
  }

  update(p: IngestProgress): void {
    if (this.quiet) return;
    const now = Date.now();
    if (p.phase === 'scan') {
      const text = `scanning ${p.root}: ${p.files} files found (${p.added} new)${p.notes ? `, ${p.notes} other entries noted` : ''}`;
      if (this.tty) this.draw(text);
      else if (now - this.lastLine >= this.intervalMs) this.line(text, now);
      return;
    }
    const { percent, text } = describeProgress(p);
    if (this.tty) {
      const width = 24;
      const filled = Math.round(percent * width);
      this.draw(`[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(percent * 100).toFixed(0).padStart(3)}% ${text}`);
    } else if (now - this.lastLine >= this.intervalMs || p.done === p.total) {
      this.line(`progress: ${text}`, now);
    }
  }

  /** Ends the live bar so the summary starts on a clean line. */
  end(): void {
    if (this.drewBar) this.out.write('\n');
    this.drewBar = false;
  }

  private draw(text: string): void {
    const columns = this.out.columns || 120;
    this.out.write(`\r${text.slice(0, columns - 1).padEnd(Math.min(columns - 1, text.length))}\x1b[K`);
    this.drewBar = true;
  }

  private line(text: string, now: number): void {
    this.out.write(`${text}\n`);
    this.lastLine = now;
  }
}
