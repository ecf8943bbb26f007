// The pure half of the online person lookup (person-lookup-service.ts): which App API reads can
// find a person from what a user typed, and what to answer when the workspace could not be asked.
// Kept free of I/O so the rules are unit-tested on their own.

import { AppError } from '../../contract/result'

/** The App API's `id_type` values the lookup uses (docs/customerio-api.md §2.4, §4.4). */
export type LookupIdType = 'id' | 'email' | 'cio_id'

export interface LookupKey {
  idType: LookupIdType
  value: string
}

/** Customer.io refuses longer ids (§2.4), so asking for one cannot find anybody. */
const MAX_ID_BYTES = 150

/**
 * The reads to try, in order, for an identifier as the CLI and the people contract accept it:
 * an id, an email (any case) or `cio_<cio_id>`. Empty when nothing can be looked up.
 *
 * An address is tried as an email first and then as an id, because some workspaces use the email
 * as the id too (the mirror's own lookup also tries both). A `cio_` prefix is Customer.io's own
 * way to address by cio_id (§2.4), so such a value is never tried as an id.
 */
export function lookupKeysOf(ident: string): LookupKey[] {
  const text = ident.trim()
  if (text === '') return []
  if (text.startsWith('cio_')) {
    const cioId = text.slice(4)
    return cioId === '' ? [] : [{ idType: 'cio_id', value: cioId }]
  }
  const asId: LookupKey[] = Buffer.byteLength(text, 'utf8') <= MAX_ID_BYTES ? [{ idType: 'id', value: text }] : []
  if (text.includes('@')) return [{ idType: 'email', value: text }, ...asId]
  return asId
}

/** The workspace was asked and knows nobody by that identifier either. */
export function notInWorkspace(ident: string): AppError {
  return new AppError(
    'NOT_FOUND',
    `No person matches ${JSON.stringify(ident.trim())} in the local mirror or in the workspace. Check the id or email, or search by part of it.`,
  )
}

/**
 * The mirror's own NOT_FOUND, kept as the answer when the workspace could not be asked (offline,
 * no App API key, a refused key, a timeout): the code stays NOT_FOUND so every caller keeps
 * today's offline behaviour (the CLI's `send` then uses the identifier as typed), and the message
 * says why the person was not looked up online. Retryable when the cause may pass by itself.
 */
export function notFoundOffline(mirrorMiss: AppError, cause: unknown): AppError {
  const why = cause instanceof Error ? cause.message : String(cause)
  const retryable = cause instanceof AppError ? cause.retryable : false
  const message = `${mirrorMiss.message.trimEnd()} The workspace could not be asked for them: ${why.replace(/[.\s]+$/, '')}.`
  return new AppError('NOT_FOUND', message, retryable)
}

/**
 * True while a workspace that failed to answer is left alone: the connectivity tracker's last
 * word is "unreachable" and younger than `holdMs`. A read of the mirror then answers at once
 * instead of waiting on a network that just failed (the scheduler waits the same way).
 */
export function recentlyUnreachable(last: { reachable: boolean; checkedAt: number } | null, now: number, holdMs: number): boolean {
  return last !== null && !last.reachable && now - last.checkedAt < holdMs
}
