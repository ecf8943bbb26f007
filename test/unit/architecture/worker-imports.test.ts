import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { packageOf, runtimeImports, valueSpecifiers } from './runtime-imports'

// The pull's export worker and the plan's reader are hot-path threads beside the engine: each is a
// V8 isolate of its own, so every module it loads is compiled and held a second time. They must
// stay free of the contract's zod schemas, drizzle and the API client. A value export of the
// import kinds through import/types.ts once pulled the contract, and zod with it, into the plan's
// reader: about 25 MB more peak RSS on the 1M-row plan (bench/import/RESULTS.md, session 7).
const srcMain = resolve(__dirname, '../../../src-main')

/** the hot-path workers, and the packages each may load (Node's own `node:` modules aside) */
const LIGHT_WORKERS: Record<string, string[]> = {
  'sync/pull/people-export-worker.ts': ['better-sqlite3', 'papaparse'],
  'import/plan/plan-reader-worker.ts': ['better-sqlite3', 'papaparse'],
}

describe('worker threads', () => {
  it('are every worker the code starts (a new one is added to this test with its allowed packages)', () => {
    const starters = ['engine/host.ts', 'sync/pull/people-export-reader.ts', 'import/plan/plan-reader.ts']
    const started = starters.flatMap((file) => [...readFileSync(resolve(srcMain, file), 'utf8').matchAll(/workerEntry\(resolve\(__dirname, '([^']+)'\)/g)].map((m) => resolve(srcMain, file, '..', m[1]!)))
    expect(started.map((f) => f.slice(srcMain.length + 1)).sort()).toEqual(['engine/worker.ts', ...Object.keys(LIGHT_WORKERS)].sort())
  })

  for (const [entry, allowed] of Object.entries(LIGHT_WORKERS)) {
    it(`${entry} loads only ${allowed.join(' and ')} besides Node's own modules`, () => {
      const { packages } = runtimeImports(srcMain, entry)
      const extra = [...packages].filter(([specifier]) => !specifier.startsWith('node:') && !allowed.includes(packageOf(specifier)))
      expect(extra.map(([specifier, by]) => `${specifier} (imported by ${by})`)).toEqual([])
      // the walk follows real files: the worker reaches its parser through the CSV layer
      expect([...packages.keys()]).toContain('papaparse')
    })
  }
})

/** a small tree of every kind of import (written at test time: its made-up packages would not typecheck) */
const typeOnlyModule = "import 'never-loaded'\nexport type OnlyType = 1; export type AlsoOnlyType = 1; export type Reexported = 1; export type ReexportedInline = 1\n"
const FIXTURE: Record<string, string> = {
  'entry.ts': [
    "import type { OnlyType } from './types-only'",
    "import { type AlsoOnlyType } from './types-only-inline'",
    "export type { Reexported } from './types-reexported'",
    "export { type ReexportedInline } from './types-reexported-inline'",
    "import { value } from './values'",
    "import { type Mixed, withValue } from './with-value'",
    "import 'side-effect-pkg'",
    "const required = require('./required')",
    "export const later = () => import('./dynamic')",
    'export const all: [OnlyType?, AlsoOnlyType?, Mixed?] = []',
    'export { value, withValue, required }',
  ].join('\n'),
  'types-only.ts': typeOnlyModule,
  'types-only-inline.ts': typeOnlyModule,
  'types-reexported.ts': typeOnlyModule,
  'types-reexported-inline.ts': typeOnlyModule,
  'values.ts': "import { z } from 'zod/v4'\nexport const value = z.string()\n",
  'with-value.ts': 'export type Mixed = number\nexport const withValue = 1\n',
  'required.ts': 'module.exports = 1\n',
  'dynamic.ts': 'export const dynamic = 1\n',
}

describe('the runtime import walk', () => {
  const root = mkdtempSync(join(tmpdir(), 'runtime-imports-'))
  for (const [name, text] of Object.entries(FIXTURE)) writeFileSync(join(root, name), text)
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const fixture = join(root, 'entry.ts')

  it('skips type-only imports and re-exports, and follows value ones, require() and import()', () => {
    expect(valueSpecifiers(fixture).sort()).toEqual(['./dynamic', './required', './values', './with-value', 'side-effect-pkg'].sort())
  })

  it('follows relative files to the packages they load', () => {
    const { files, packages } = runtimeImports(resolve(fixture, '..'), 'entry.ts')
    expect([...files.keys()].sort()).toEqual(['dynamic.ts', 'entry.ts', 'required.ts', 'values.ts', 'with-value.ts'])
    expect(Object.fromEntries(packages)).toEqual({ 'side-effect-pkg': 'entry.ts', 'zod/v4': 'values.ts' })
    expect(packageOf('zod/v4')).toBe('zod')
    expect(packageOf('@scope/pkg/deep')).toBe('@scope/pkg')
  })
})
