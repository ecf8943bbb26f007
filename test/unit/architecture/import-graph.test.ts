import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { fileCycles, folderCycles, importGraph } from './import-graph'

// No two folders of src-main import each other, at any depth (sync ↔ changes, import/plan ↔
// import/push): a circle between folders means neither can be understood, tested or moved alone.
const srcMain = resolve(__dirname, '../../../src-main')


describe('the import graph of src-main', () => {
  const graph = importGraph(srcMain)

  it('is read whole: every source file, with its relative imports resolved', () => {
    expect(graph.size).toBeGreaterThan(200)
    expect(graph.get('changes/push-runner.ts')).toContain('merge/push-refresh.ts')
    // `import type` counts, and a folder import resolves to its index.ts
    expect(graph.get('base/events.ts')).toContain('contract/index.ts')
  })

  it('has no circle between folders', () => {
    const circles = folderCycles(graph)
    expect(circles, `import circles between folders:\n${circles.map((c) => c.join('\n')).join('\n\n')}`).toEqual([])
  })

  it('has no circle between files either', () => {
    const circles = fileCycles(graph)
    expect(circles, `import circles between files:\n${circles.map((c) => c.join(' -> ')).join('\n')}`).toEqual([])
  })
})

describe('the circle finder', () => {
  const root = mkdtempSync(join(tmpdir(), 'import-graph-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const write = (file: string, text: string) => {
    mkdirSync(dirname(join(root, file)), { recursive: true })
    writeFileSync(join(root, file), text)
  }

  write('a/one.ts', "import type { Two } from '../b'\nexport type One = Two\n")
  write('b/index.ts', "export type Two = number\nexport const later = () => import('../a/three')\n")
  write('a/three.ts', 'export const three = 3\n')
  write('c/plan/reader.ts', "export { pushed } from '../push/sender'\n")
  write('c/push/sender.ts', "export const pushed = 1\nexport const planned = () => require('../plan/reader')\n")
  write('c/types.ts', "export { pushed } from './push/sender'\n")
  write('c/push/uses-types.ts', "import { pushed } from '../types'\nexport const x = pushed\n")
  write('d/x.ts', "import { y } from './y'\nexport const x = () => y\n")
  write('d/y.ts', "import { x } from './x'\nexport const y = () => x\n")
  const graph = importGraph(root)

  it('finds a circle between folders through a type import, an index.ts and a dynamic import, naming the files', () => {
    const circles = folderCycles(graph)
    expect(circles).toContainEqual(['a -> b: a/one.ts -> b/index.ts', 'b -> a: b/index.ts -> a/three.ts'])
  })

  it('finds a circle between nested folders (re-export and require), and not a folder with its own subfolders', () => {
    const circles = folderCycles(graph)
    expect(circles).toContainEqual(['c/plan -> c/push: c/plan/reader.ts -> c/push/sender.ts', 'c/push -> c/plan: c/push/sender.ts -> c/plan/reader.ts'])
    expect(circles.flat().join('\n')).not.toMatch(/c\/types/)
    expect(circles).toHaveLength(2)
  })

  it('finds a circle between files of one folder', () => {
    expect(fileCycles(graph)).toContainEqual(['d/x.ts', 'd/y.ts'])
  })
})
