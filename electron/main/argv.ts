// `lanterne-desktop --case <dir>` (or `--case=<dir>`): open that case at start, or — sent by a
// second launch — in the running instance.
import path from 'node:path';

export function caseFromArgv(argv: readonly string[], cwd: string): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--case' && i + 1 < argv.length) return path.resolve(cwd, argv[i + 1]!);
    if (arg.startsWith('--case=') && arg.length > 7) return path.resolve(cwd, arg.slice(7));
  }
  return null;
}
