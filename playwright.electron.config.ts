// The Electron smoke test (test/electron), apart from the browser tests' config (test/e2e) so
// `playwright test` never picks it up. Run with `npm run test:electron`. Where Electron's binary
// is missing (it cannot be downloaded on the build machines) the test reports itself skipped,
// with the reason — never a pass.
import { defineConfig } from '@playwright/test';
import { findElectronBinary } from './scripts/electron-binary.mjs';

const binary = findElectronBinary();
if (!binary.ok) console.log(`test:electron — skipped: no Electron binary (looked for ${binary.looked}). Nothing was tested in Electron.`);

export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright-electron',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
});
