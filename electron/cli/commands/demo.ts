// lanterne demo <dir>
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { generateDemo } from '../../engine/demo/demo.js';
import { parseCommandArgs, positiveInt } from '../args.js';
import { ProgressPrinter } from '../progress.js';
import { EXIT, UsageError } from '../usage-error.js';

export const DEMO_HELP = `Usage: lanterne demo <dir> [--seed N] [--scenes N] [--quiet]

Makes a synthetic, benign demo case for training, in an empty folder:
  <dir>/evidence/              generated room scenes (patterned wallpaper, furniture, objects,
                               shop signs with invented text, invented logos; never people) with
                               invented camera EXIF: make, model, body serial, date and GPS;
                               plus resized, re-encoded near-duplicates as chat apps make them
  <dir>/demo-known-set.json    a VICS 2.0 hash set naming some scenes, so they are "known"
  <dir>/case/                  the case: ingested, the set imported, some examiner categories,
                               tags and clue regions on signs and logos
The same --seed always gives the same files. Prints the commands to look at it.

Options:
  --seed <n>      the generator's seed (default 20240601)
  --scenes <n>    distinct scenes (default 24)
  --quiet         no progress
  -h, --help      this help`;

export async function demoCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    seed: { type: 'string' },
    scenes: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (values.help) {
    console.log(DEMO_HELP);
    return EXIT.OK;
  }
  const [dir, ...extra] = positionals;
  if (!dir) throw new UsageError('name a folder for the demo');
  if (extra.length) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new UsageError(`${path.resolve(dir)} is not empty: the demo needs an empty or new folder`);
  const seed = positiveInt(values.seed, '--seed');
  const scenes = positiveInt(values.scenes, '--scenes');
  const printer = new ProgressPrinter(process.stderr, values.quiet ?? false);
  let result;
  try {
    result = await generateDemo(dir, {
      ...(seed ? { seed } : {}),
      ...(scenes ? { scenes } : {}),
      onProgress: (p) => printer.update(p),
    });
  } finally {
    printer.end();
  }
  const q = (p: string) => JSON.stringify(p);
  console.log(`Demo case ready: ${result.files} synthetic images (${result.knownScenes} named by the demo hash set, ${result.nearDuplicates} near-duplicates).
Look at it:
  lanterne serve ${q(result.caseDir!)}
  lanterne export ${q(result.caseDir!)} --format html --out ${q(path.join(result.dir, 'report.html'))}
  lanterne crops ${q(result.caseDir!)} --out ${q(path.join(result.dir, 'crops'))} --max-edge 800
  lanterne redact ${q(result.caseDir!)} --out ${q(path.join(result.dir, 'redacted'))}`);
  return EXIT.OK;
}
