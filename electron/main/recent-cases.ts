// Recently opened cases, newest first, in userData/recent-cases.json. Only paths the examiner
// opened; a damaged file is treated as empty, never as a reason not to start.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const RECENT_LIMIT = 10;
const FILE = 'recent-cases.json';

export function readRecent(userData: string): string[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(path.join(userData, FILE), 'utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((p): p is string => typeof p === 'string' && path.isAbsolute(p) && p.length < 4096).slice(0, RECENT_LIMIT);
  } catch {
    return [];
  }
}

export function rememberRecent(userData: string, caseDir: string): string[] {
  const list = [caseDir, ...readRecent(userData).filter((p) => p !== caseDir)].slice(0, RECENT_LIMIT);
  mkdirSync(userData, { recursive: true });
  const temp = path.join(userData, `${FILE}.partial`);
  writeFileSync(temp, JSON.stringify(list, null, 2));
  renameSync(temp, path.join(userData, FILE));
  return list;
}
