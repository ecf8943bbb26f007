import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Uploads, safeFileName } from '../../../src-main/csv/uploads'

describe('chunked uploads', () => {
  it('appends chunks in order under <home>/uploads/<id>/ and is usable only once complete', () => {
    const home = mkdtempSync(join(tmpdir(), 'cio-sync-uploads-'))
    const uploads = new Uploads(home)
    const first = uploads.append({ fileName: 'people.csv', chunk: Buffer.from('id,email\n').toString('base64'), final: false })
    expect(first.bytes).toBe(9)
    expect(() => uploads.fileOf(first.uploadId)).toThrow(/not complete/)
    const last = uploads.append({ uploadId: first.uploadId, fileName: 'people.csv', chunk: Buffer.from('1,a@b.c\n').toString('base64'), final: true })
    expect(last).toEqual({ uploadId: first.uploadId, bytes: 17 })
    const file = uploads.fileOf(first.uploadId)
    expect(file).toBe(join(home, 'uploads', first.uploadId, 'people.csv'))
    expect(readFileSync(file, 'utf8')).toBe('id,email\n1,a@b.c\n')
    expect(() => uploads.append({ uploadId: first.uploadId, fileName: 'x', chunk: '', final: true })).toThrow(/already complete/)
  })

  it('keeps hostile names inside the upload folder', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('..\\..\\win.ini')).toBe('win.ini')
    expect(safeFileName('..')).toBe('_')
    expect(safeFileName('')).toBe('upload.csv')
    expect(safeFileName('a<b>|c.csv')).toBe('a_b__c.csv')
    const home = mkdtempSync(join(tmpdir(), 'cio-sync-uploads-'))
    const up = new Uploads(home).append({ fileName: '../../escape.csv', chunk: 'eA==', final: true })
    expect(dirname(new Uploads(home).fileOf(up.uploadId))).toBe(join(home, 'uploads', up.uploadId))
    expect(existsSync(join(home, '..', 'escape.csv'))).toBe(false)
    expect(() => new Uploads(home).fileOf('../../etc')).toThrow(/invalid upload id/)
  })
})
