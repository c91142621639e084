// Errors cross every boundary (IPC, HTTP bridge) as values, never as throws: the UI switches on a
// stable `code` and shows `message`, a sentence a person can read (STYLE.md, habit 6).

export type ErrorCode =
  /** The input did not match the method's schema; the message names the field. */
  | 'BAD_INPUT'
  | 'UNKNOWN_METHOD'
  /** No token, or the wrong one (HTTP bridge). */
  | 'UNAUTHORIZED'
  | 'ITEM_NOT_FOUND'
  | 'REGION_NOT_FOUND'
  /** The item has no viewable image (not an image, or it could not be decoded). */
  | 'NO_IMAGE'
  | 'EVIDENCE_UNREADABLE'
  | 'REASON_REQUIRED'
  /** Another Lanterne process (an ingest) holds the case for writing. */
  | 'CASE_LOCKED'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): ApiResult<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string): { ok: false; error: ApiError } => ({ ok: false, error: { code, message } });
