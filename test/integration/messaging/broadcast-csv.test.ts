// Per-user data for a broadcast comes from a CSV the user picked, so it meets the same hostile files
// as an import: every file of the bad-file corpus (test/fixtures/csv/bad) is previewed, and each
// must end in either recipients or errors that name the file or the row — never an internal error,
// never a silent empty audience. The file is read by the import's own sniffer and row reader.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { AppError } from '../../../src-main/contract/result'
import { openMessagingEngine, type MessagingEngine } from './harness'

const BAD_DIR = join(__dirname, '../../fixtures/csv/bad')
let sandbox: SandboxHandle
let e: MessagingEngine

beforeAll(async () => {
  sandbox = await startSandbox({ people: 0 })
  e = await openMessagingEngine(sandbox, 'broadcast-csv')
}, 30_000)
afterAll(async () => {
  e?.close()
  await sandbox?.close()
})

const preview = (path: string) =>
  e.messaging.broadcasts.preview({ broadcastId: 1, data: {}, audience: { kind: 'csv', source: { path } }, ignoreMissing: false })

describe('per-user data CSVs', () => {
  it('reads encodings and delimiters as an import does, with file row numbers in errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'per-user-'))
    const semicolons = join(dir, 'semicolons.csv')
    writeFileSync(semicolons, 'email;coupon\nann@example.com;A1\n\nnot-an-email;B2\n')
    const p = await preview(semicolons)
    expect(p.recipients).toBe(1)
    expect(p.sample[0]).toEqual({ email: 'ann@example.com', data: { coupon: 'A1' } })
    // the blank line keeps its number: the bad email is on row 4 (the header is row 1)
    expect(p.errors).toEqual([expect.objectContaining({ row: 4, column: 'email' })])

    const utf16 = join(dir, 'utf16.csv')
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,greeting\nu-1,Grüß dich\n', 'utf16le')]))
    expect((await preview(utf16)).sample[0]).toEqual({ id: 'u-1', data: { greeting: 'Grüß dich' } })

    const latin1 = join(dir, 'latin1.csv')
    writeFileSync(latin1, Buffer.from('id,city\nu-2,Montr\xe9al\n', 'latin1'))
    expect((await preview(latin1)).sample[0]).toEqual({ id: 'u-2', data: { city: 'Montréal' } })
  })

  it('refuses the row of a UTF-8 file that holds a byte that is not UTF-8, naming column and offset, and reads the rest as UTF-8 (issue 14)', async () => {
    const p = await preview(join(BAD_DIR, 'utf8-one-latin1-byte.csv'))
    expect(p.recipients).toBe(999)
    expect(p.errors).toEqual([{ row: 501, column: null, message: expect.stringMatching(/^column "first_name": byte 0xE7 at byte offset \d+ of the file is not UTF-8/) }])
    expect(p.sample[0]).toMatchObject({ id: 'u1', data: { first_name: 'Zoë', city: 'São Paulo' } })
  })

  it('answers every file of the bad-file corpus with recipients or errors that say where', async () => {
    const files = readdirSync(BAD_DIR).filter((f) => f.endsWith('.csv'))
    expect(files.length).toBeGreaterThan(40)
    for (const file of files) {
      const answer = await preview(join(BAD_DIR, file)).then(
        (p) => ({ p, err: null }),
        (err: unknown) => ({ p: null, err }),
      )
      if (answer.p) {
        const p = answer.p
        for (const err of p.errors) {
          // a file-level error names the file; a row error has its row
          if (err.row === 0) expect(err.message, file).toContain(file)
          else expect(err.row, file).toBeGreaterThan(0)
        }
        expect(p.recipients + p.errors.length, `${file}: neither recipients nor errors`).toBeGreaterThan(0)
      } else {
        // a refusal must be one the user can act on, naming the file — never INTERNAL
        expect(answer.err, file).toBeInstanceOf(AppError)
        expect((answer.err as AppError).code, file).not.toBe('INTERNAL')
        expect((answer.err as AppError).message, file).toContain(file)
      }
    }
  }, 60_000)
})
