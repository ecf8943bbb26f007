// Identifier rules (docs/customerio-api.md §2.4) and the deterministic event id. Checks return a short
// reason or null, so the validator can phrase the error around the column and value.

import { createHash } from 'node:crypto'

/** How a person is addressed in Track v2 `identifiers` (§2.4). */
export type IdentifierType = 'id' | 'email' | 'cio_id'

export const MAX_ID_BYTES = 150
const MAX_EMAIL_CHARS = 254
const MAX_LOCAL_PART = 64

/** Byte length in UTF-8, measured only when the character count leaves it in doubt. */
export function utf8Bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8')
}

export function exceedsBytes(s: string, limit: number): boolean {
  // A UTF-16 code unit is at most 3 bytes in UTF-8 (a surrogate pair is 4 bytes for 2 units).
  if (s.length * 3 <= limit) return false
  if (s.length > limit) return true
  return utf8Bytes(s) > limit
}

/** For a non-blank value: what is wrong with it as an identifier of `type`, phrased to follow the value. */
export function identifierProblem(type: IdentifierType, value: string): string | null {
  if (type === 'email') return emailProblem(value)
  if (type === 'cio_id') return cioIdProblem(value)
  if (exceedsBytes(value, MAX_ID_BYTES)) return `is ${utf8Bytes(value)} bytes long; Customer.io takes ids of at most ${MAX_ID_BYTES} bytes`
  return null
}

const LOCAL_ATOM = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+$/u
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?$/u
const TOP_LEVEL = /^(?:\p{L}{2,}|xn--[a-z0-9-]+)$/iu

/** The everyday ASCII address, checked in one regex; anything else takes the slower path that can say what is wrong. */
const PLAIN_EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/

/** A pragmatic RFC 5321-lite check: what mail systems accept in practice, no quoted local parts or IP literals. */
export function emailProblem(value: string): string | null {
  if (value.length <= MAX_EMAIL_CHARS && PLAIN_EMAIL.test(value) && value.indexOf('@') <= MAX_LOCAL_PART) return null
  if (/\s/.test(value)) return 'is not an email address: it contains a space'
  const at = value.indexOf('@')
  if (at === -1) return 'is not an email address: it has no @'
  if (value.indexOf('@', at + 1) !== -1) return 'is not an email address: it has more than one @'
  if (value.length > MAX_EMAIL_CHARS) return `is not an email address: it is longer than ${MAX_EMAIL_CHARS} characters`
  const local = value.slice(0, at)
  const domain = value.slice(at + 1)
  if (local === '') return 'is not an email address: nothing before the @'
  if (domain === '') return 'is not an email address: nothing after the @'
  if (local.length > MAX_LOCAL_PART) return `is not an email address: the part before the @ is longer than ${MAX_LOCAL_PART} characters`
  if (local.split('.').some((atom) => !LOCAL_ATOM.test(atom))) {
    return local.startsWith('.') || local.endsWith('.') || local.includes('..') ? 'is not an email address: misplaced dot before the @' : 'is not an email address: a character before the @ is not allowed'
  }
  const labels = domain.split('.')
  if (labels.length < 2) return 'is not an email address: the domain has no dot (like name@example.com)'
  if (labels.some((label) => label === '')) return 'is not an email address: misplaced dot in the domain'
  if (labels.some((label) => label.length > 63 || !DOMAIN_LABEL.test(label))) return 'is not an email address: the domain has a character that is not allowed'
  if (!TOP_LEVEL.test(labels[labels.length - 1])) return 'is not an email address: the domain does not end in a real top-level domain'
  return null
}

/** cio_ids are Customer.io's hex ids (d7a90a000102); in v2 identifiers they go bare, without "cio_". */
export function cioIdProblem(value: string): string | null {
  if (/^cio_/i.test(value)) return 'is a cio_id with the "cio_" prefix: write the bare value (without cio_)'
  if (!/^[0-9a-f]{6,32}$/i.test(value)) return 'is not a Customer.io cio_id (6–32 hex digits, like d7a90a000102)'
  return null
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/i

/**
 * A ULID-shaped event id derived from the file's hash and the row number: sending the same row of
 * the same file again yields the same id, which Customer.io deduplicates (§2.6). 128 hash bits are
 * written as 26 Crockford base32 digits (two leading zero bits, so the first digit is 0–7, as in a ULID).
 */
export function eventId(fileSha256: string, row: number): string {
  const bytes = createHash('sha256').update(`${fileSha256}:${row}`).digest()
  let out = ''
  for (let digit = 0; digit < 26; digit++) {
    let value = 0
    for (let b = 0; b < 5; b++) {
      const bit = digit * 5 + b - 2
      value = (value << 1) | (bit < 0 ? 0 : (bytes[bit >> 3] >> (7 - (bit & 7))) & 1)
    }
    out += CROCKFORD[value]
  }
  return out
}
