// Builds the renderer into dist/renderer, which `lanterne serve` (and later the Electron shell)
// serves. Run from the repository root (npm scripts do): paths here are relative to it, so this
// file needs no node:* import (renderer/ may not have one). Nothing in the output may reach
// outside the app: no CDN, no remote font — the CSP would block it anyway.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'renderer',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // The polyfill is not needed in Chromium and would be the only inline-looking code path.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
