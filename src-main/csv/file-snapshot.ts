// A plan stands for exactly the bytes that were hashed when it began (SniffResult.bytes and
// .sha256): the sniffer hashes that many bytes and no more, the row reader stops there and checks
// its own hash of what it read against it, and the plan ends by checking that the file still has
// that size. A file that grows while it is planned (an export still being written, a script
// appending) is refused rather than planned past its snapshot, or cut in the middle of a row, and
// a push refuses a file that changed since its plan: the user re-plans what they mean to import.

import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { AppError } from '../contract/result'

export interface FileSnapshot {
  bytes: number
  sha256: string
  /** the modification time seen when the plan ended; same size and time = unchanged without hashing again */
  mtimeMs?: number
}

export type FileChange = { kind: 'missing' | 'grew' | 'shrank' | 'content'; what: string }

/** sha256 of the first `bytes` bytes of the file, with the number actually read (fewer when it is shorter now). */
export function hashPrefix(path: string, bytes: number): Promise<{ sha256: string; read: number }> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256')
    let read = 0
    if (bytes === 0) return resolve({ sha256: hash.digest('hex'), read })
    createReadStream(path, { highWaterMark: 1024 * 1024, start: 0, end: bytes - 1 })
      .on('data', (chunk) => {
        hash.update(chunk)
        read += chunk.length
      })
      .on('error', reject)
      .on('end', () => resolve({ sha256: hash.digest('hex'), read }))
  })
}

/** The file's size against the snapshot's, with its modification time: no byte is read. */
export async function sizeChange(path: string, bytes: number): Promise<{ change: FileChange | null; mtimeMs?: number }> {
  const info = await stat(path).catch(() => null)
  if (!info) return { change: { kind: 'missing', what: `it is no longer at ${path}` } }
  if (info.size > bytes) return { change: { kind: 'grew', what: `it grew from ${bytesText(bytes)} to ${bytesText(info.size)}` }, mtimeMs: info.mtimeMs }
  if (info.size < bytes) return { change: { kind: 'shrank', what: `it shrank from ${bytesText(bytes)} to ${bytesText(info.size)}` }, mtimeMs: info.mtimeMs }
  return { change: null, mtimeMs: info.mtimeMs }
}

/** How the file at `path` differs from the snapshot, in words, or null when it still holds exactly those bytes. */
export async function fileChange(path: string, snap: FileSnapshot): Promise<FileChange | null> {
  const { change, mtimeMs } = await sizeChange(path, snap.bytes)
  if (change) return change
  if (snap.mtimeMs !== undefined && mtimeMs === snap.mtimeMs) return null
  const now = await hashPrefix(path, snap.bytes)
  return now.sha256 === snap.sha256 ? null : { kind: 'content', what: `its content changed (still ${bytesText(snap.bytes)}, different bytes)` }
}

/** The error of a reader whose bytes were not the snapshot's: the file changed under it. */
export function changedWhileRead(fileName: string, snap: FileSnapshot, read: number): AppError {
  const what = read < snap.bytes ? `it shrank below the ${bytesText(snap.bytes)} that were checked` : `its first ${bytesText(snap.bytes)} are no longer the bytes that were checked`
  return new AppError('CONFLICT', `${fileName} changed while it was being read: ${what}. Plan it again once nothing writes to it any more.`)
}

export function bytesText(n: number): string {
  return `${n.toLocaleString('en-US')} bytes`
}

/**
 * Before a push: the file must still be the one planned. A missing file is no reason to refuse,
 * since the plan holds every row it sends (an upload's folder may be cleaned, a script may delete
 * its temporary file); a file that grew, shrank or changed means the user would be importing
 * something other than what the file now says.
 */
export async function refuseChangedSincePlan(path: string, fileName: string, snap: FileSnapshot): Promise<void> {
  const change = await fileChange(path, snap)
  if (change && change.kind !== 'missing') {
    throw new AppError('CONFLICT', `${fileName} changed since it was planned: ${change.what}. Nothing was sent; plan it again to import the file as it is now.`)
  }
}
