import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Mirror } from '../../../src-main/db/connection'
import { JobsRepo } from '../../../src-main/jobs/jobs-repo'
import { SettingsRepo } from '../../../src-main/db/settings-repo'
import { WorkspacesRepo, type NewWorkspace } from '../../../src-main/db/workspaces-repo'
import { AppError } from '../../../src-main/contract/result'
import { addPerson, count, tempHome } from './helpers'

let home: ReturnType<typeof tempHome>
let m: Mirror
beforeEach(() => {
  home = tempHome()
  m = home.open()
})
afterEach(() => home.cleanup())

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(AppError)
    return e as AppError
  }
  throw new Error('expected an AppError')
}

const ws = (id: string, name: string, extra: Partial<NewWorkspace> = {}): NewWorkspace => ({
  id,
  name,
  kind: 'us',
  createdAt: 1000,
  ...extra,
})

describe('WorkspacesRepo', () => {
  it('inserts, gets and lists by name case-insensitively', () => {
    const repo = new WorkspacesRepo(m)
    const row = repo.insert(ws('b', 'beta'))
    expect(row).toMatchObject({ id: 'b', name: 'beta', production: false, active: false, url: null, lastTestAt: null })
    repo.insert(ws('a', 'Alpha', { kind: 'custom', url: 'https://cio.example' }))
    repo.insert(ws('c', 'Charlie', { production: true }))
    expect(repo.list().map((w) => w.name)).toEqual(['Alpha', 'beta', 'Charlie'])
    expect(repo.get('a')?.url).toBe('https://cio.example')
    expect(repo.get('zzz')).toBeUndefined()
    expect(repo.getByName('CHARLIE')?.id).toBe('c')
    expect(repo.getByName('delta')).toBeUndefined()
  })

  it('accepts the drizzle db as well as the Mirror', () => {
    new WorkspacesRepo(m.db).insert(ws('a', 'Alpha'))
    expect(new WorkspacesRepo(m).get('a')?.name).toBe('Alpha')
  })

  it('answers CONFLICT for a name taken in another case, on insert and on rename', () => {
    const repo = new WorkspacesRepo(m)
    repo.insert(ws('a', 'Acme'))
    repo.insert(ws('b', 'Other'))
    const e = thrown(() => repo.insert(ws('c', 'ACME')))
    expect(e.code).toBe('CONFLICT')
    expect(e.message).toBe('A workspace named "ACME" already exists. Choose another name.')
    expect(thrown(() => repo.update('b', { name: 'acme' })).code).toBe('CONFLICT')
    expect(repo.update('a', { name: 'ACME' }).name).toBe('ACME') // its own name in another case is fine
  })

  it('updates, and answers NOT_FOUND for an unknown id', () => {
    const repo = new WorkspacesRepo(m)
    repo.insert(ws('a', 'Acme'))
    expect(repo.update('a', { production: true, url: undefined })).toMatchObject({ production: true, name: 'Acme' })
    expect(repo.update('a', {}).production).toBe(true)
    expect(thrown(() => repo.update('nope', { production: false })).code).toBe('NOT_FOUND')
    expect(thrown(() => repo.update('nope', {})).code).toBe('NOT_FOUND')
  })

  it('keeps exactly one active workspace through setActive, insert and update', () => {
    const repo = new WorkspacesRepo(m)
    repo.insert(ws('a', 'A', { active: true }))
    repo.insert(ws('b', 'B'))
    expect(repo.getActive()?.id).toBe('a')
    expect(repo.setActive('b')?.active).toBe(true)
    expect(repo.getActive()?.id).toBe('b')
    expect(repo.get('a')?.active).toBe(false)
    repo.insert(ws('c', 'C', { active: true }))
    expect(repo.list().filter((w) => w.active).map((w) => w.id)).toEqual(['c'])
    repo.update('a', { active: true })
    expect(repo.list().filter((w) => w.active).map((w) => w.id)).toEqual(['a'])
    repo.setActive(null)
    expect(repo.getActive()).toBeUndefined()
  })

  it('rolls back setActive for an unknown id, leaving the active workspace as it was', () => {
    const repo = new WorkspacesRepo(m)
    repo.insert(ws('a', 'A', { active: true }))
    expect(thrown(() => repo.setActive('ghost')).code).toBe('NOT_FOUND')
    expect(repo.getActive()?.id).toBe('a')
  })

  it('records a connection test', () => {
    const repo = new WorkspacesRepo(m)
    repo.insert(ws('a', 'A'))
    expect(repo.recordTest('a', { at: 5000, ok: true, region: 'eu' })).toMatchObject({
      lastTestAt: 5000,
      lastTestOk: true,
      lastTestRegion: 'eu',
    })
    expect(repo.recordTest('a', { at: 6000, ok: false, region: null })).toMatchObject({ lastTestOk: false, lastTestRegion: null })
    expect(thrown(() => repo.recordTest('ghost', { at: 1, ok: true, region: 'us' })).code).toBe('NOT_FOUND')
  })

  it('removes a workspace with everything it owns', () => {
    const repo = new WorkspacesRepo(m)
    repo.insert(ws('a', 'A'))
    repo.insert(ws('b', 'B'))
    addPerson(m, 'a', { cioId: 'c1' })
    addPerson(m, 'b', { cioId: 'c1' })
    expect(repo.remove('a')).toBe(true)
    expect(repo.remove('a')).toBe(false)
    expect(count(m, 'people')).toBe(1)
    expect(repo.list().map((w) => w.id)).toEqual(['b'])
  })

  it('has no column that could hold a credential', () => {
    const columns = (m.sqlite.prepare("SELECT name FROM pragma_table_info('workspaces')").pluck().all() as string[]).join(' ')
    expect(columns).not.toMatch(/key|secret|token|site_id|password|last4/i)
  })
})

describe('JobsRepo', () => {
  let clock = 1000
  const now = () => clock
  beforeEach(() => {
    clock = 1000
    new WorkspacesRepo(m).insert(ws('w1', 'W1'))
  })

  it('inserts and gets a job with defaults', () => {
    const jobs = new JobsRepo(m, { now })
    const job = jobs.insert({ id: 'j1', workspaceId: 'w1', kind: 'pull-and-push', trigger: 'user', state: 'queued' })
    expect(job).toMatchObject({ id: 'j1', phase: '', done: 0, total: null, checkpoint: null, startedAt: 1000, updatedAt: 1000, finishedAt: null })
    expect(jobs.get('j1')).toEqual(job)
    expect(jobs.get('nope')).toBeUndefined()
  })

  it('records progress, state, checkpoint and the end', () => {
    const jobs = new JobsRepo(m, { now })
    jobs.insert({ id: 'j1', workspaceId: 'w1', kind: 'pull', trigger: 'schedule', state: 'queued' })
    clock = 2000
    jobs.setState('j1', 'running')
    expect(jobs.progress('j1', { phase: 'people', done: 10, total: 100 })).toMatchObject({
      state: 'running',
      phase: 'people',
      done: 10,
      total: 100,
      updatedAt: 2000,
    })
    const checkpoint = { exportId: 42, rowsDone: 10, segments: [1, 2] }
    expect(jobs.saveCheckpoint('j1', checkpoint).checkpoint).toEqual(checkpoint)
    expect(jobs.update('j1', { message: 'slow: rate limited' }).message).toBe('slow: rate limited')
    clock = 3000
    const failed = jobs.finish('j1', 'failed', 'network down')
    expect(failed).toMatchObject({ state: 'failed', message: 'network down', finishedAt: 3000, checkpoint })
    expect(jobs.finish('j1', 'succeeded')).toMatchObject({ state: 'succeeded', checkpoint: null, message: null })
    expect(thrown(() => jobs.progress('ghost', { done: 1 })).code).toBe('NOT_FOUND')
  })

  it('reuses its prepared writes without mixing up columns: a null is stored as NULL, an undefined value leaves its column alone', () => {
    const jobs = new JobsRepo(m, { now })
    jobs.insert({ id: 'j1', workspaceId: 'w1', kind: 'pull', trigger: 'schedule', state: 'running' })
    jobs.insert({ id: 'j2', workspaceId: 'w1', kind: 'pull', trigger: 'schedule', state: 'running' })
    const stored = (id: string) => m.sqlite.prepare('SELECT checkpoint, message, phase, done, total FROM jobs WHERE id = ?').get(id)
    jobs.saveCheckpoint('j1', { page: 1 })
    jobs.update('j1', { message: 'first' })
    jobs.saveCheckpoint('j1', null)
    jobs.update('j1', { message: null, phase: undefined })
    jobs.progress('j2', { phase: 'people', done: 5, total: null })
    jobs.progress('j2', { phase: 'people', done: 6, total: 10 })
    jobs.saveCheckpoint('j2', { page: 2 })
    expect(stored('j1')).toEqual({ checkpoint: null, message: null, phase: '', done: 0, total: null })
    expect(stored('j2')).toEqual({ checkpoint: '{"page":2}', message: null, phase: 'people', done: 6, total: 10 })
    expect(jobs.update('j1', { message: 'again' })).toMatchObject({ id: 'j1', message: 'again', checkpoint: null })
  })

  it('lists recent jobs newest first and unfinished jobs oldest first', () => {
    const jobs = new JobsRepo(m, { now })
    for (const [id, startedAt, state] of [
      ['j1', 1, 'succeeded'],
      ['j2', 2, 'running'],
      ['j3', 3, 'queued'],
      ['j4', 4, 'failed'],
      ['j5', 5, 'cancelled'],
    ] as const) {
      jobs.insert({ id, workspaceId: null, kind: 'pull-and-push', trigger: 'cli', state, startedAt })
    }
    expect(jobs.listRecent(3).map((j) => j.id)).toEqual(['j5', 'j4', 'j3'])
    expect(jobs.listRecent().map((j) => j.id)).toHaveLength(5)
    expect(jobs.listUnfinished().map((j) => j.id)).toEqual(['j2', 'j3'])
  })
})

describe('SettingsRepo', () => {
  it('stores JSON values by key', () => {
    const s = new SettingsRepo(m)
    expect(s.get('theme')).toBeUndefined()
    expect(s.get('theme', 'system')).toBe('system')
    s.set('theme', 'dark')
    s.set('theme', 'light')
    expect(s.get('theme')).toBe('light')
    s.set('mapping:abc', { email: 'email', 'First Name': 'first_name' })
    expect(s.get('mapping:abc')).toEqual({ email: 'email', 'First Name': 'first_name' })
    s.set('limits', [1, 2, 3])
    s.set('flag', false)
    expect(s.get('flag', true)).toBe(false)
  })

  it('stores a JSON null as a value, distinct from a missing key', () => {
    const s = new SettingsRepo(m)
    s.set('cleared', null)
    expect(s.get('cleared', 'fallback')).toBeNull()
  })

  it('lists by literal prefix and deletes', () => {
    const s = new SettingsRepo(m)
    s.set('view:1', { q: 'a' })
    s.set('view_2', { q: 'b' })
    s.set('VIEW:3', { q: 'c' })
    s.set('theme', 'dark')
    expect(Object.keys(s.list('view:'))).toEqual(['view:1'])
    expect(Object.keys(s.list('view_'))).toEqual(['view_2'])
    expect(Object.keys(s.list()).sort()).toEqual(['VIEW:3', 'theme', 'view:1', 'view_2'])
    expect(s.delete('theme')).toBe(true)
    expect(s.delete('theme')).toBe(false)
  })
})
