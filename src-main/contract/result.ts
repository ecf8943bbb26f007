// The one answer shape of every IPC call, and the closed set of error codes a caller can branch on.
// Imported by the renderer as types only (`import type`), so it must stay free of Node APIs.

export const ERROR_CODES = [
  'VALIDATION', // input (or a service's output) failed its zod schema
  'UNKNOWN_CHANNEL', // no handler for this channel name
  'FORBIDDEN', // the sender is not ours, or a production confirmation is missing
  'NOT_FOUND',
  'CONFLICT', // e.g. a workspace name already taken
  'AUTH', // Customer.io refused a key
  'NETWORK', // could not reach the workspace
  'RATE_LIMITED',
  'REMOTE', // Customer.io answered with an error we do not map further
  'KEYCHAIN', // the OS keychain is locked or unavailable
  'DATABASE',
  'CANCELLED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

export interface IpcError {
  code: ErrorCode
  message: string
  /** true when the same call may succeed later without the user changing anything */
  retryable: boolean
  /** zod issues for VALIDATION, never secrets */
  issues?: { path: string; message: string }[]
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** Thrown by services to answer with a specific code; anything else becomes INTERNAL. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly retryable: boolean
  constructor(code: ErrorCode, message: string, retryable = false) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.retryable = retryable
  }
}
