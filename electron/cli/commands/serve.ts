// lanterne serve <case-dir> [--port N] — the review UI for a browser on this machine.
import { CaseError } from '../../engine/case/case-folder.js';
import { startBridge } from '../../server/bridge.js';
import { parseCommandArgs, positiveInt } from '../args.js';
import { EXIT, UsageError } from '../usage-error.js';

export const SERVE_HELP = `Usage: lanterne serve <case-dir> [--port N]

Serves the review UI and its API on http://127.0.0.1 only (never on a network interface), for a
browser on this machine. Each run makes a new random token: open the URL it prints, which carries
the token once and then holds it in a session cookie; requests without it are refused. Images
leave only through the engine, known material blurred. The case is opened read-only, so it can be
served while an ingest runs. Stop with Ctrl-C.

Options:
  --port <n>   listen on this port (default: a free one the system picks)
  -h, --help   this help`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { port: { type: 'string', short: 'p' } });
  if (values.help) {
    console.log(SERVE_HELP);
    return EXIT.OK;
  }
  const [caseDir, ...extra] = positionals;
  if (!caseDir) throw new UsageError('name the case folder to serve');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const port = positiveInt(values.port, '--port');
  if (port !== undefined && port > 65535) throw new UsageError('--port must be at most 65535');

  let bridge: Awaited<ReturnType<typeof startBridge>>;
  try {
    bridge = await startBridge({ caseDir, port });
  } catch (error) {
    if (error instanceof CaseError) throw new UsageError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use; choose another --port or leave it out`);
    if (code === 'EACCES') throw new UsageError(`port ${port} may not be used by this user; choose another --port`);
    throw error;
  }
  console.log(`Lanterne is serving the case at ${caseDir}`);
  console.log(`Open: ${bridge.openUrl}`);
  console.log('Only this machine can connect. Stop with Ctrl-C.');

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await bridge.close();
  return EXIT.OK;
}
