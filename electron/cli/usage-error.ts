// Exit codes of every `lanterne` command: 0 done, 1 done with failed files, 2 bad usage or unusable input.
export const EXIT = { OK: 0, FAILED_FILES: 1, USAGE: 2, INTERRUPTED: 130 } as const;

/** Bad usage or unusable input: printed as one plain sentence, exit 2. */
export class UsageError extends Error {}
