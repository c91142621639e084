// End-to-end tests of the renderer in Debian's Chromium (never a downloaded browser), against
// `lanterne serve` on a real case the tests build. Run with `npm run test:e2e`.
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';

/** Debian's Chromium, headless, with nothing that would reach a network. Shared with playwright.perf.config.ts. */
export const DEBIAN_CHROMIUM: PlaywrightTestConfig['use'] = {
  browserName: 'chromium',
  viewport: { width: 1440, height: 900 },
  serviceWorkers: 'block',
  launchOptions: {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  },
};

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
  use: DEBIAN_CHROMIUM,
});
