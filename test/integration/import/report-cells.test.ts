import { writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { appAttributes, openImportEngine, tempDir, writeCsv, type ImportEngine } from './harness'

// Issue 14, item 2: the rejected-rows CSV neutralises formula cells ('=…, '+49…, '-Bert) for
// spreadsheets, and only it may. The report's grid gets the cells as the file has them, and a fix
// that hands back the CSV's form of an untouched cell (an older grid did exactly that) sends the
// file's value, never the apostrophe.

let sandbox: SandboxHandle
let engine: ImportEngine
const dir = tempDir('report-cells')

beforeAll(async () => {
  sandbox = await startSandbox({ people: 0 })
  engine = await openImportEngine(sandbox, 'report-cells')
})
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

async function run(jobId: string) {
  const done = await engine.finished(jobId)
  expect(done.state, done.message ?? '').toBe('succeeded')
}

describe('the rows not accepted, as the report shows them', () => {
  it('keeps the file’s cells; only the download carries the apostrophe, and a re-push never does', async () => {
    const path = writeCsv(dir, 'formulas.csv', [
      ['id', 'email', 'first_name', 'phone', 'note'],
      ['fc-ok', 'ok@example.com', 'Ok', '5550100', 'fine'],
      ['fc-dash', 'dash-at-example.com', '-Bert', '+49 151 2345678', '=1+2'], // invalid: the email
    ])
    const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path }, { kind: 'people', identifierType: 'id', map: { phone: 'phone' } })
    await run(jobId)
    await run(engine.imports.push(importId, {}).jobId)

    const csv = (await engine.imports.rejectedCsv(importId)).csv
    expect(csv).toContain(`fc-dash,dash-at-example.com,'-Bert,'+49 151 2345678,'=1+2,`)
    const grid = await engine.imports.rejectedRows(importId)
    expect(grid.columns).toEqual(['id', 'email', 'first_name', 'phone', 'note'])
    expect(grid.rows).toEqual([
      { row: 3, reason: 'invalid', message: expect.stringContaining('email'), values: { id: 'fc-dash', email: 'dash-at-example.com', first_name: '-Bert', phone: '+49 151 2345678', note: '=1+2' } },
    ])

    // A client that shows the download's cells and sends them all back with the one it fixed.
    const fixed = await engine.imports.fix({ importId, row: 3, values: { id: 'fc-dash', email: 'dash@example.com', first_name: "'-Bert", phone: "'+49 151 2345678", note: "'=1+2" } })
    expect(fixed.row.bucket).toBe('create')
    const sent = Object.fromEntries(fixed.row.changes.map((c) => [c.field, c.to]))
    expect(sent).toMatchObject({ email: 'dash@example.com', first_name: '-Bert', phone: '+49 151 2345678', note: '=1+2' })
    await run(engine.imports.push(importId, { rows: [3] }).jobId)
    expect(await appAttributes(sandbox, 'fc-dash')).toMatchObject({ first_name: '-Bert', phone: '+49 151 2345678', note: '=1+2' })

    // An apostrophe the user typed in front of their own new value is an edit, and is kept.
    const typed = await engine.imports.fix({ importId, row: 3, values: { email: 'dash@example.com', first_name: "'Bertie" } })
    expect(typed.row.changes.find((c) => c.field === 'first_name')?.to).toBe("'Bertie")
  })

  it('reads the failed rows in the encoding the plan used, when the user chose it', async () => {
    // one byte that is é in Windows-1252 and not UTF-8, beside UTF-8 text: detected as UTF-8 with a
    // stray byte, read whole as Windows-1252 because the user chose so
    const path = `${dir}/latin.csv`
    writeFileSync(path, Buffer.concat([Buffer.from('id,email,first_name\nlt-1,not-an-email,Ren'), Buffer.from([0xe9]), Buffer.from('\nlt-2,lt2@example.com,Zoë\n')]))
    const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path }, { kind: 'people', identifierType: 'id', encoding: 'windows-1252' })
    await run(jobId)
    expect((await engine.imports.rejectedRows(importId)).rows[0].values.first_name).toBe('René')
    expect((await engine.imports.rejectedCsv(importId)).csv).toContain('lt-1,not-an-email,René,')
  })
})
