// Types for scripts/electron-binary.mjs (imported by the Playwright Electron test).
export declare const ROOT: string;
export declare function findElectronBinary(options?: { env?: NodeJS.ProcessEnv; root?: string; platform?: string }): { ok: true; path: string } | { ok: false; looked: string };
export declare function electronVersion(root?: string): string;
export declare function missingBinaryMessage(looked: string, version?: string): string;
export declare function hasElectronBinary(): boolean;
