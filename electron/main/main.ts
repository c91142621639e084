// Electron's entry (package.json "main" → dist/electron/main/main.js). Nothing but the wiring.
import * as electron from 'electron';
import { startApp } from './app.js';

startApp(electron).catch((error: unknown) => {
  console.error('Lanterne could not start:', error);
  electron.app.exit(1);
});
