// Copying text (a hash, a path). In the desktop app the page is denied every permission, the
// clipboard's included, so navigator.clipboard would fail silently there: the shell's main process
// writes it (window.lanterne.desktop, shared/api/desktop.ts). In a browser on `lanterne serve`,
// navigator.clipboard does. Either way the answer is whether the text was copied.
import type { DesktopShell } from '../../../shared/api/desktop.js';

type ClipboardHost = { lanterne?: { desktop?: DesktopShell }; navigator?: { clipboard?: { writeText(text: string): Promise<void> } } };

export async function copyText(text: string, host: ClipboardHost = globalThis as ClipboardHost): Promise<boolean> {
  const desktop = host.lanterne?.desktop;
  try {
    if (desktop) return (await desktop.copyText(text)).ok;
    const clipboard = host.navigator?.clipboard;
    if (!clipboard) return false;
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
