// Sends a local file to the engine in order, 4 MiB at a time, each piece base64-encoded on its
// own: the whole file never sits in memory as one string.
import { call, type IpcError } from '../../api'

/** At most 4 MiB decoded per `imports.upload` call (the contract's limit). */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024
/** btoa works on a multiple of 3 bytes at a time, so the pieces' base64 can be concatenated. */
const ENCODE_STEP = 3 * 16 * 1024

function toBase64(bytes: Uint8Array): string {
  const parts: string[] = []
  for (let at = 0; at < bytes.length; at += ENCODE_STEP) {
    const piece = bytes.subarray(at, Math.min(bytes.length, at + ENCODE_STEP))
    parts.push(btoa(String.fromCharCode(...piece)))
  }
  return parts.join('')
}

export type UploadResult = { ok: true; uploadId: string; bytes: number } | { ok: false; error: IpcError }

/**
 * Uploads `file`; `onProgress(sentBytes)` after every chunk. `isCancelled` is checked between
 * chunks so choosing another file stops this one.
 */
export async function uploadFile(file: File, onProgress: (sent: number) => void, isCancelled: () => boolean): Promise<UploadResult> {
  let uploadId: string | undefined
  let offset = 0
  do {
    if (isCancelled()) return { ok: false, error: { code: 'CANCELLED', message: 'The upload was replaced by another file.', retryable: false } }
    const end = Math.min(file.size, offset + UPLOAD_CHUNK_BYTES)
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await file.slice(offset, end).arrayBuffer())
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      return { ok: false, error: { code: 'VALIDATION', message: `The file could not be read (${message}). It may have been moved or deleted; choose it again.`, retryable: false } }
    }
    const final = end >= file.size
    const input = { fileName: file.name.slice(0, 255) || 'import.csv', chunk: toBase64(bytes), final, ...(uploadId ? { uploadId } : {}) }
    const r = await call((cio) => cio.imports.upload(input))
    if (!r.ok) return { ok: false, error: r.error }
    uploadId = r.value.uploadId
    offset = end
    onProgress(offset)
    if (final) return { ok: true, uploadId, bytes: r.value.bytes }
  } while (offset <= file.size)
  return { ok: false, error: { code: 'INTERNAL', message: 'The upload ended without a final chunk.', retryable: true } }
}
