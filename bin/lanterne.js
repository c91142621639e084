#!/usr/bin/env node
// The `lanterne` command. The TypeScript sources are compiled to dist/ by `npm install`
// (the prepare script) or `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/electron/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('lanterne: not built yet. Run `npm install` (or `npm run build`) in the Lanterne folder first.');
  process.exit(2);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// Exit once stdout has drained (exports can be large and piped), whatever handles remain open.
process.stdout.write('', () => process.exit(code));
