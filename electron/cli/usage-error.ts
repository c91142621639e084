// Exit codes of every `lanterne` command: 0 done, 1 done with failed files, 2 bad usage or unusable
// input, 3 stopped because the disk holding the case is full (resumable), 130 interrupted.
export const EXIT = { OK: 0, FAILED_FILES: 1, USAGE: 2, STORAGE_FULL: 3, INTERRUPTED: 130 } as const;

/** Bad usage or unusable input: printed as one plain sentence, exit 2. */
export class UsageError extends Error {}
