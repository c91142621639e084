// The `lanterne` command: one function per subcommand, errors turned into plain sentences and exit codes.
import { camerasCommand, CAMERAS_HELP } from './commands/cameras.js';
import { cropsCommand, CROPS_HELP } from './commands/crops.js';
import { demoCommand, DEMO_HELP } from './commands/demo.js';
import { exportCommand, EXPORT_HELP } from './commands/export.js';
import { hashsetCommand, HASHSET_HELP } from './commands/hashset.js';
import { ingestCommand, INGEST_HELP } from './commands/ingest.js';
import { redactCommand, REDACT_HELP } from './commands/redact.js';
import { serveCommand, SERVE_HELP } from './commands/serve.js';
import { verifyCommand, VERIFY_HELP } from './commands/verify.js';
import { EXIT, UsageError } from './usage-error.js';

const COMMANDS: Record<string, { run: (args: string[]) => Promise<number>; summary: string; help: string }> = {
  ingest: { run: ingestCommand, summary: 'hash, sniff and read every file of evidence folders into a case', help: INGEST_HELP },
  hashset: { run: hashsetCommand, summary: 'import, list or remove known-material hash sets', help: HASHSET_HELP },
  export: { run: exportCommand, summary: 'write the case as JSONL, CSV, VICS JSON or an HTML report', help: EXPORT_HELP },
  crops: { run: cropsCommand, summary: 'cut every clue region from its image, metadata-free', help: CROPS_HELP },
  demo: { run: demoCommand, summary: 'make a synthetic, benign demo case for training', help: DEMO_HELP },
  redact: { run: redactCommand, summary: 'copy a case for presentation with nothing leading back to it', help: REDACT_HELP },
  serve: { run: serveCommand, summary: 'open the review UI for a browser on this machine (127.0.0.1 only)', help: SERVE_HELP },
  verify: { run: verifyCommand, summary: 're-hash the evidence and re-check the audit log of a case', help: VERIFY_HELP },
  cameras: { run: camerasCommand, summary: 'list the camera bodies (by serial number) the images were taken with', help: CAMERAS_HELP },
};

const HELP = `Lanterne — offline triage and clue review for victim identification.

Usage: lanterne <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}
  help       show help for a command

Run 'lanterne <command> --help' for a command's options. Lanterne never uses a network and never
writes to evidence.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h') {
    console.log(HELP);
    return name ? EXIT.OK : EXIT.USAGE;
  }
  if (name === 'help') {
    const topic = args[0] ? COMMANDS[args[0]] : undefined;
    console.log(topic ? topic.help : HELP);
    return EXIT.OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`lanterne: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return EXIT.USAGE;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`lanterne ${name}: ${error.message}`);
      console.error(`Run 'lanterne ${name} --help' for usage.`);
      return EXIT.USAGE;
    }
    console.error(`lanterne ${name}: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return EXIT.USAGE;
  }
}
