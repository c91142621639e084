// The one place that decides whether a path lies inside a root (STYLE.md habit 9): realpath both,
// then compare against the root with a trailing separator — never a bare startsWith, which would
// take /evidence-old for a part of /evidence.
import { realpathSync } from 'node:fs';
import path from 'node:path';

export function isInside(root: string, candidate: string): boolean {
  const realRoot = safeRealpath(root);
  const realCandidate = safeRealpath(candidate);
  if (realRoot === null || realCandidate === null) return false;
  return isInsideResolved(realRoot, realCandidate);
}

/** For paths already resolved by realpath. */
export function isInsideResolved(realRoot: string, realCandidate: string): boolean {
  if (realCandidate === realRoot) return true;
  const prefix = realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep;
  return realCandidate.startsWith(prefix);
}

export function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** A root-relative path in the '/'-separated form the case and exports use. */
export function toCasePath(relative: string): string {
  return path.sep === '/' ? relative : relative.split(path.sep).join('/');
}
