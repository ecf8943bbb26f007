import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The import boundaries of DESIGN.md are lint rules; these tests prove the rules bite.
const root = resolve(__dirname, '../../..')
const eslint = new ESLint({ cwd: root })

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) })
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`)
}

describe('import boundaries', () => {
  it('refuses electron outside the shell', async () => {
    const found = await problems('src-main/sync/example.ts', "import { app } from 'electron'\nexport const x = app\n")
    expect(found.join('\n')).toMatch(/Only src-main\/shell/)
  })

  it('allows electron in the shell, the preload and index.ts', async () => {
    for (const file of ['src-main/shell/example.ts', 'src-main/preload/example.ts', 'src-main/index.ts']) {
      const found = await problems(file, "import { app } from 'electron'\nexport const x = app\n")
      expect(found.filter((m) => m.includes('restricted'))).toEqual([])
    }
  })

  it('refuses main-process code in the renderer', async () => {
    const found = await problems('src-renderer/screens/example.ts', "import { openMirror } from '../../src-main/db/connection'\nexport const x = openMirror\n")
    expect(found.join('\n')).toMatch(/may not import main-process code/)
  })

  it('refuses a value import of the contract in the renderer but allows its types', async () => {
    const value = await problems('src-renderer/screens/example.ts', "import { contracts } from '../../src-main/ipc/contracts'\nexport const x = contracts\n")
    expect(value.join('\n')).toMatch(/only the contract's types/)
    const types = await problems('src-renderer/screens/example.ts', "import type { CioApi } from '../../src-main/ipc/contracts'\nexport type X = CioApi\n")
    expect(types.filter((m) => m.includes('restricted'))).toEqual([])
  })

  it('refuses a service importing a transport', async () => {
    const found = await problems('src-main/workspaces/example.ts', "import { startHeadlessHost } from '../host/headless-host'\nexport const x = startHeadlessHost\n")
    expect(found.join('\n')).toMatch(/Services depend on nothing above them/)
  })
})
