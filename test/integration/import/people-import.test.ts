import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Mapping } from '../../../src-main/import/types'
import { startSandbox, type SandboxHandle } from '../../../src-main/sandbox'
import { admin, appAttributes, openImportEngine, tempDir, writeCsv, type ImportEngine, type RequestLog } from './harness'

// A people file with every kind of row, planned against a pulled mirror, pushed into the sandbox,
// planned again (all unchanged, nothing sent), reported, and undone — at the service level.

let sandbox: SandboxHandle
let engine: ImportEngine
const dir = tempDir('people-import')
type Person = { id: string; email: string; attributes: Record<string, string> }
let people: Person[]

beforeAll(async () => {
  sandbox = await startSandbox({ people: 40 })
  engine = await openImportEngine(sandbox)
  expect((await engine.pull()).state).toBe('succeeded')
  people = (engine.mirror.sqlite.prepare('SELECT id, email, attributes FROM people ORDER BY id').all() as { id: string; email: string; attributes: string }[]).map((p) => ({ ...p, attributes: JSON.parse(p.attributes) as Record<string, string> }))
})
afterAll(async () => {
  engine?.close()
  await sandbox?.close()
})

async function planFile(path: string, mapping?: Mapping) {
  const { importId, jobId } = engine.imports.plan(engine.workspaceId, { path }, { kind: 'people', identifierType: 'id' }, mapping)
  expect((await engine.finished(jobId)).state).toBe('succeeded')
  return importId
}

async function push(importId: string, opts: { confirm?: string; rows?: number[]; deletions?: number } = {}) {
  const { jobId } = engine.imports.push(importId, opts)
  const done = await engine.finished(jobId)
  expect(done.state, done.message ?? '').toBe('succeeded')
  return { ...engine.imports.summary(importId), finishedMessage: done.message }
}

const trackRequests = async () => (await admin<RequestLog>(sandbox, '/__sandbox/requests?limit=10000')).requests.filter((r) => r.path.startsWith('/api/'))

describe('people import against the sandbox', () => {
  let importId: string
  let path: string
  const [p1, p2, p3, p4, p5] = [0, 1, 2, 3, 4].map((i) => () => people[i])

  it('plans creates, updates, unchanged rows, blanks, duplicates, bad emails and an oversize value exactly', async () => {
    const newPlan = p1().attributes.plan === 'enterprise' ? 'basic' : 'enterprise'
    // rows as a spreadsheet numbers them: the header is row 1
    path = writeCsv(dir, 'people.csv', [
      ['id', 'email', 'plan', 'city', 'nickname'],
      [p1().id, p1().email, newPlan, p1().attributes.city ?? '', ''], // 2 update: plan changes
      [p2().id, p2().email, p2().attributes.plan, p2().attributes.city ?? '', ''], // 3 unchanged
      ['new-1', 'new1@example.com', 'pro', 'Oslo', 'Neo'], // 4 create
      ['new-2', 'new2@example.com', 'free', '', ''], // 5 create, blank city skipped... then cleared? (new person: nothing to clear)
      [p3().id, p3().email, p3().attributes.plan, '', ''], // 6 update: city cleared
      ['new-1', 'new1@example.com', 'basic', 'Bergen', ''], // 7 duplicate of row 4
      ['new-3', 'not-an-email', 'pro', 'Oslo', ''], // 8 invalid email
      ['new-4', 'new4@example.com', 'pro', 'Oslo', 'x'.repeat(1001)], // 9 oversize value
      [p4().id, p5().email, 'pro', 'Oslo', ''], // 10 email of another person
      ['new-5', '@evil', 'pro', 'Oslo', '=HYPERLINK("http://evil","click")'], // 11 invalid, formula cell
    ])
    const inspected = await engine.imports.inspect({ path }, 'people')
    const mapping: Mapping = { ...inspected.mapping, columns: inspected.mapping.columns.map((c) => (c.column === 'city' ? { ...c, blank: 'clear' } : c)) }
    expect(mapping.identifier).toEqual({ column: 'id', type: 'id' })
    importId = await planFile(path, mapping)
    const s = engine.imports.summary(importId)
    expect({ rows: s.rows, create: s.create, update: s.update, unchanged: s.unchanged, invalid: s.invalid, duplicates: s.duplicates }).toEqual({ rows: 10, create: 2, update: 2, unchanged: 1, invalid: 4, duplicates: 1 })
    expect(s.state).toBe('planned')
    expect(s.mirrorAgeMs).not.toBeNull()
    expect(s.warnings).toEqual([])
    const errors = s.errors.map((e) => [e.row, e.column])
    expect(errors).toEqual(expect.arrayContaining([[8, 'email'], [9, 'nickname'], [10, 'email'], [11, 'email']]))
    expect(s.errors.find((e) => e.row === 10)!.message).toContain('already belongs to another person')
    expect(s.errors.find((e) => e.row === 9)!.value!.length).toBeLessThan(1001) // clipped for display

    const update = engine.imports.rows({ importId, bucket: 'update', offset: 0, limit: 50 })
    expect(update.rows.map((r) => r.row)).toEqual([2, 6])
    expect(update.rows[0].changes).toEqual([{ field: 'plan', from: p1().attributes.plan, to: newPlan, kind: 'change' }])
    expect(update.rows[1].changes).toEqual([{ field: 'city', from: p3().attributes.city, kind: 'clear' }])
    const created = engine.imports.rows({ importId, bucket: 'create', offset: 0, limit: 50 })
    expect(created.rows.find((r) => r.row === 5)!.changes.map((c) => c.field).sort()).toEqual(['email', 'plan'])
    expect(engine.imports.rows({ importId, column: 'city', offset: 0, limit: 50 }).rows.map((r) => r.row)).toEqual([4, 6])
  })

  it('pushes only the planned values: the sandbox holds exactly them (read back through the App API)', async () => {
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
    const s = await push(importId)
    expect(s.push).toMatchObject({ sent: 4, accepted: 4, rejected: 0, requests: 1, status: 'done' })
    expect(s.state).toBe('pushed')
    const sent = await trackRequests()
    expect(sent.map((r) => r.path)).toEqual(['/api/v2/batch'])
    expect(sent[0].requestBytes).toBe(s.push!.bytes)

    const planned = engine.imports.rows({ importId, bucket: 'update', offset: 0, limit: 10 }).rows[0].changes[0].to
    expect((await appAttributes(sandbox, p1().id))!.plan).toBe(planned)
    expect((await appAttributes(sandbox, p3().id))!.city).toBeUndefined()
    expect(await appAttributes(sandbox, 'new-1')).toMatchObject({ plan: 'pro', city: 'Oslo', nickname: 'Neo', email: 'new1@example.com' })
    const two = await appAttributes(sandbox, 'new-2')
    expect(two).toMatchObject({ plan: 'free', email: 'new2@example.com' })
    expect(two!.city).toBeUndefined()
    for (const id of ['new-3', 'new-4', 'new-5']) expect(await appAttributes(sandbox, id)).toBeNull()
    expect(await appAttributes(sandbox, p4().id)).toMatchObject({ plan: p4().attributes.plan }) // invalid row 10 not sent

    const audit = engine.mirror.sqlite.prepare("SELECT actor, action, file_name, file_hash, counts, results FROM audit_log WHERE job_id = ?").get(importId) as Record<string, string>
    expect(audit).toMatchObject({ actor: 'test-user', action: 'import', file_name: 'people.csv' })
    expect(audit.file_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.parse(audit.results).outcomes).toMatchObject({ accepted: 4 })
  })

  it('pairs the duplicate row with the row it repeats, with both rows\' cells as the file has them', async () => {
    const d = await engine.imports.duplicates(importId, 20)
    expect(d.total).toBe(1)
    expect(d.columns).toEqual(['id', 'email', 'plan', 'city', 'nickname'])
    expect(d.pairs).toEqual([
      { row: 7, other: 4, values: { id: 'new-1', email: 'new1@example.com', plan: 'basic', city: 'Bergen', nickname: '' }, otherValues: { id: 'new-1', email: 'new1@example.com', plan: 'pro', city: 'Oslo', nickname: 'Neo' } },
    ])
  })

  it('planning the same file again finds every row unchanged, and its push sends nothing', async () => {
    await admin(sandbox, '/__sandbox/requests', { method: 'DELETE' })
    const again = await planFile(path)
    const s = engine.imports.summary(again)
    expect({ create: s.create, update: s.update, unchanged: s.unchanged, invalid: s.invalid, duplicates: s.duplicates }).toEqual({ create: 0, update: 0, unchanged: 5, invalid: 4, duplicates: 1 })
    expect(s.mapping!.columns.find((c) => c.column === 'city')!.blank).toBe('clear') // remembered for the same header
    const pushed = await push(again)
    expect(pushed.push).toMatchObject({ sent: 0, requests: 0, bytes: 0 })
    expect(await trackRequests()).toEqual([])
  })

  it('exports invalid rows with their errors, formula cells neutralised', async () => {
    const report = await engine.imports.rejectedCsv(importId)
    expect(report.rows).toBe(4)
    const lines = report.csv.trim().split('\r\n')
    expect(lines[0]).toBe('id,email,plan,city,nickname,error')
    expect(lines).toHaveLength(5)
    const evil = lines.find((l) => l.startsWith('new-5'))!
    expect(evil).toContain(`"'=HYPERLINK(""http://evil"",""click"")"`)
    expect(evil).toContain("'@evil")
  })

  it('refuses a push to a production workspace without the typed name', async () => {
    const planned = await planFile(writeCsv(dir, 'prod.csv', [['id', 'plan'], [p2().id, 'enterprise-x']]))
    await engine.workspaces.update({ id: engine.workspaceId, production: true })
    try {
      expect(() => engine.imports.push(planned, {})).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
      expect(() => engine.imports.push(planned, { confirm: 'sandbox over http' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
      const s = await push(planned, { confirm: 'Sandbox over HTTP' })
      expect(s.push).toMatchObject({ accepted: 1 })
      expect(s.finishedMessage).toBe('1 row sent in 1 request: 1 accepted, 0 rejected') // in number (issue 15)
      expect((await appAttributes(sandbox, p2().id))!.plan).toBe('enterprise-x')
    } finally {
      await engine.workspaces.update({ id: engine.workspaceId, production: false })
    }
  })

  it('undo is a reviewable plan that restores previous values and offers to delete created people', async () => {
    const { importId: undoId, jobId } = engine.imports.undo(importId)
    expect((await engine.finished(jobId)).state).toBe('succeeded')
    const s = engine.imports.summary(undoId)
    // the two people the import created are deletions, counted apart from the updates (issue 14)
    expect(s).toMatchObject({ kind: 'undo', undoOf: importId, rows: 4, update: 2, delete: 2, state: 'planned' })
    const rows = engine.imports.rows({ importId: undoId, offset: 0, limit: 10 }).rows
    expect(rows.slice(0, 2).map((r) => r.changes)).toEqual([
      [{ field: 'plan', from: expect.any(String), to: p1().attributes.plan, kind: 'change' }],
      [{ field: 'city', to: p3().attributes.city, kind: 'set' }],
    ])
    expect(rows.slice(2).map((r) => [r.bucket, r.identifier, r.message])).toEqual([
      ['delete', 'new-1', 'created by row 4 of the import; pushing this row deletes the person'],
      ['delete', 'new-2', 'created by row 5 of the import; pushing this row deletes the person'],
    ])
    expect(engine.imports.rows({ importId: undoId, bucket: 'delete', offset: 0, limit: 10 }).total).toBe(2)
    // deletions go out only with their number confirmed
    expect(() => engine.imports.push(undoId, {})).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringContaining('deletes 2 people') }))
    expect(() => engine.imports.push(undoId, { deletions: 1 })).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }))
    expect(await appAttributes(sandbox, 'new-1')).not.toBeNull() // nothing sent before the push
    const pushed = await push(undoId, { deletions: 2 })
    expect(pushed.push).toMatchObject({ accepted: 4, rejected: 0 })
    expect((await appAttributes(sandbox, p1().id))!.plan).toBe(p1().attributes.plan)
    expect((await appAttributes(sandbox, p3().id))!.city).toBe(p3().attributes.city)
    expect(await appAttributes(sandbox, 'new-1')).toBeNull()
    expect(await appAttributes(sandbox, 'new-2')).toBeNull()
    const gone = engine.mirror.sqlite.prepare("SELECT deleted_at IS NOT NULL FROM people WHERE id = 'new-1'").pluck().get()
    expect(gone).toBe(1)
  })
})
