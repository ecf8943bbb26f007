// What went wrong talking to Customer.io, in the app's error codes (contract/result.ts), with messages
// that say what to do next. The SDK throws CustomerIORequestError for non-2xx answers and the
// native fetch errors (TypeError "fetch failed", DOMException TimeoutError) for everything else.

import { CustomerIORequestError } from 'customerio-node'
import { AppError } from '../contract/result'
import type { Surface } from './rate-governor'

const SURFACE_NAMES: Record<Surface, string> = {
  app: 'App API',
  broadcast: 'App API (broadcast triggers)',
  track: 'Track API',
  pipelines: 'Pipelines API',
}

/** A write that failed in a way that does not tell whether Customer.io applied it. */
export class MayHaveAppliedError extends AppError {
  readonly mayHaveApplied = true
  constructor(message: string) {
    super('REMOTE', message, false)
    this.name = 'MayHaveAppliedError'
  }
}

export type FailureKind = 'rate-limited' | 'server' | 'network' | 'final'

/** How the retry policy should treat a failed attempt. */
export function classifyFailure(err: unknown): FailureKind {
  if (err instanceof CustomerIORequestError) {
    if (err.statusCode === 429) return 'rate-limited'
    if (err.statusCode >= 500 || err.statusCode === 408) return 'server'
    return 'final'
  }
  if (isNetworkFailure(err)) return 'network'
  return 'final'
}

export function isNetworkFailure(err: unknown): boolean {
  if (err instanceof TypeError) return true // undici: "fetch failed" with the socket error on .cause
  return err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'NetworkError')
}

/** Retry-After in ms (integer seconds or an HTTP date), or null when absent or unreadable. */
export function retryAfterMs(err: unknown, now = Date.now()): number | null {
  if (!(err instanceof CustomerIORequestError)) return null
  const raw = err.response?.headers?.['retry-after']
  if (raw === undefined || raw === null || raw === '') return null
  const seconds = Number(raw)
  if (Number.isFinite(seconds)) return Math.max(0, Math.min(seconds, 300)) * 1000
  const date = Date.parse(String(raw))
  return Number.isNaN(date) ? null : Math.max(0, Math.min(date - now, 300_000))
}

/** The detail of an App API error body (`errors[].detail`) or a Track one (`meta.error`). */
function remoteDetail(err: CustomerIORequestError): string {
  try {
    const body = JSON.parse(err.body || '{}') as { errors?: { detail?: string; message?: string }[]; meta?: { error?: string } }
    const first = body.errors?.[0]
    const detail = first?.detail ?? first?.message ?? body.meta?.error
    if (detail) return detail
  } catch {
    // not JSON: fall back to the SDK's message
  }
  return err.message && err.message !== 'Unknown error' ? err.message : `HTTP ${err.statusCode}`
}

function causeOf(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } }
  if (e?.name === 'TimeoutError') return 'timed out'
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err)
}

/** Maps any failure of a request to an AppError; AppErrors (e.g. CANCELLED) pass through. */
export function toAppError(err: unknown, surface: Surface, what: string): AppError {
  if (err instanceof AppError) return err
  const api = SURFACE_NAMES[surface]
  if (err instanceof CustomerIORequestError) {
    const status = err.statusCode
    const detail = remoteDetail(err)
    if (status === 401 || status === 403) {
      return new AppError('AUTH', `${api} refused the key while trying to ${what} (HTTP ${status}: ${detail}); check the key under Workspaces, its region and its scope`)
    }
    if (status === 429) return new AppError('RATE_LIMITED', `${api} kept answering "rate limited" while trying to ${what}; wait a minute and try again`, true)
    if (status === 404) return new AppError('NOT_FOUND', `${api} says it does not exist while trying to ${what}: ${detail}`)
    if (status >= 500) return new AppError('REMOTE', `${api} failed with HTTP ${status} while trying to ${what} (${detail}); try again later`, true)
    return new AppError('REMOTE', `${api} refused to ${what} (HTTP ${status}: ${detail})`)
  }
  if (isNetworkFailure(err)) {
    return new AppError('NETWORK', `could not reach the ${api} to ${what} (${causeOf(err)}); check the network or the workspace URL`, true)
  }
  return new AppError('REMOTE', `unexpected answer from the ${api} while trying to ${what}: ${causeOf(err)}`)
}
