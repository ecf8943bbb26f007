// Files dropped on the Import screen arrive over IPC in base64 chunks (≤ 4 MiB each, in order) and
// are appended to `<home>/uploads/<uploadId>/<safe name>`: the engine then streams them like a
// local path, and a 1 GB file never sits in memory. The name is reduced to a plain file name so a
// hostile "../../x" cannot write outside the upload's folder.

import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { AppError } from '../contract/result'

/** The largest file accepted through uploads; bigger files can be imported by path. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024
export const MAX_CHUNK_BYTES = 4 * 1024 * 1024
const COMPLETE_MARKER = '.complete'

export function safeFileName(name: string): string {
  const plain = basename(name.replace(/\\/g, '/')).replace(/[^\w.\- ]/g, '_').replace(/^\.+/, '_').slice(0, 200)
  return plain === '' ? 'upload.csv' : plain
}

export class Uploads {
  constructor(private readonly home: string) {}

  private dir(uploadId: string): string {
    if (!/^[a-zA-Z0-9_-]{8,64}$/.test(uploadId)) throw new AppError('VALIDATION', `invalid upload id ${uploadId}`)
    return join(this.home, 'uploads', uploadId)
  }

  append(input: { uploadId?: string; fileName: string; chunk: string; final: boolean }): { uploadId: string; bytes: number } {
    const data = Buffer.from(input.chunk, 'base64')
    if (data.length > MAX_CHUNK_BYTES) throw new AppError('VALIDATION', `a chunk may hold at most 4 MiB; this one has ${data.length} bytes`)
    const uploadId = input.uploadId ?? randomUUID()
    const dir = this.dir(uploadId)
    let file: string
    if (input.uploadId) {
      file = this.fileOf(uploadId, false)
      if (existsSync(join(dir, COMPLETE_MARKER))) throw new AppError('CONFLICT', `upload ${uploadId} is already complete`)
    } else {
      mkdirSync(dir, { recursive: true })
      file = join(dir, safeFileName(input.fileName))
      writeFileSync(file, '')
    }
    const bytes = statSync(file).size + data.length
    if (bytes > MAX_UPLOAD_BYTES) throw new AppError('VALIDATION', `the file is larger than ${MAX_UPLOAD_BYTES / 1024 ** 3} GiB; import it by path instead`)
    appendFileSync(file, data)
    if (input.final) writeFileSync(join(dir, COMPLETE_MARKER), '')
    return { uploadId, bytes }
  }

  /** The uploaded file's path; refuses an upload still missing its final chunk. */
  fileOf(uploadId: string, mustBeComplete = true): string {
    const dir = this.dir(uploadId)
    if (!existsSync(dir)) throw new AppError('NOT_FOUND', `no upload ${uploadId}`)
    if (mustBeComplete && !existsSync(join(dir, COMPLETE_MARKER))) throw new AppError('CONFLICT', `upload ${uploadId} is not complete: send its final chunk`)
    const name = readdirSync(dir).find((f) => f !== COMPLETE_MARKER)
    if (!name) throw new AppError('NOT_FOUND', `upload ${uploadId} has no file`)
    return join(dir, name)
  }
}
