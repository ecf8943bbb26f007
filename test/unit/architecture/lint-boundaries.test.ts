import { ESLint } from 'eslint'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// The import boundaries of docs/DESIGN.md are lint rules; these tests prove the rules bite.
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
    const value = await problems('src-renderer/screens/example.ts', "import { contracts } from '../../src-main/contract'\nexport const x = contracts\n")
    expect(value.join('\n')).toMatch(/only the contract's types/)
    const types = await problems('src-renderer/screens/example.ts', "import type { CioApi } from '../../src-main/contract'\nexport type X = CioApi\n")
    expect(types.filter((m) => m.includes('restricted'))).toEqual([])
  })

  it('refuses a service importing a transport', async () => {
    const found = await problems('src-main/workspaces/example.ts', "import { startHeadlessHost } from '../host/headless-host'\nexport const x = startHeadlessHost\n")
    expect(found.join('\n')).toMatch(/Services depend on nothing above them/)
  })

  it('refuses the newer services (changes, messaging, preferences, audit) a transport or the composition root', async () => {
    for (const domain of ['changes', 'messaging', 'preferences', 'audit']) {
      const transport = await problems(`src-main/${domain}/example.ts`, "import { startHeadlessHost } from '../host/headless-host'\nexport const x = startHeadlessHost\n")
      expect(transport.join('\n')).toMatch(/Services depend on nothing above them/)
    }
    const root = await problems('src-main/messaging/send/example.ts', "import { createServices } from '../../services'\nexport const x = createServices\n")
    expect(root.join('\n')).toMatch(/Services depend on nothing above them/)
  })

  it('refuses a domain importing another domain, type imports and nested folders included', async () => {
    const sideways = await problems('src-main/changes/example.ts', "import { unitBuilder } from '../import/push/units'\nexport const x = unitBuilder\n")
    expect(sideways.join('\n')).toMatch(/Domains do not import each other/)
    const nested = await problems('src-main/import/push/example.ts', "import { OutboxRepo } from '../../changes/outbox-repo'\nexport const x = OutboxRepo\n")
    expect(nested.join('\n')).toMatch(/Domains do not import each other/)
    const typeOnly = await problems('src-main/sync/pull/example.ts', "import type { WorkspaceService } from '../../workspaces/workspace-service'\nexport type X = WorkspaceService\n")
    expect(typeOnly.join('\n')).toMatch(/Domains do not import each other/)
  })

  it('allows a domain its own folders, the shared layers and the contract file named like a domain', async () => {
    const code = [
      "import { OutboxRepo } from './outbox-repo'",
      "import { decide } from '../merge/decide'",
      "import { sendTrackBatch } from '../cio/track-writes'",
      "import type { WorkspaceAccess } from '../db/workspace-access'",
      "import type { SyncRun } from '../contract/sync'",
      'export const x = [OutboxRepo, decide, sendTrackBatch]',
      'export type Y = WorkspaceAccess | SyncRun',
      '',
    ].join('\n')
    const found = await problems('src-main/changes/example.ts', code)
    expect(found.filter((m) => m.includes('restricted'))).toEqual([])
    const ownNested = await problems('src-main/import/push/example.ts', "import { planRows } from '../plan/planner'\nexport const x = planRows\n")
    expect(ownNested.filter((m) => m.includes('restricted'))).toEqual([])
  })

  it('refuses a shared layer importing a domain', async () => {
    const found = await problems('src-main/db/example.ts', "import { PullService } from '../sync/pull/pull-service'\nexport const x = PullService\n")
    expect(found.join('\n')).toMatch(/Shared layers .* import no domain/)
    const merge = await problems('src-main/merge/example.ts', "import type { OutboxRow } from '../changes/outbox-repo'\nexport type X = OutboxRow\n")
    expect(merge.join('\n')).toMatch(/Shared layers .* import no domain/)
  })

  it('lets the top layer import the domains', async () => {
    const found = await problems('src-main/engine/example.ts', "import { PullService } from '../sync/pull/pull-service'\nexport const x = PullService\n")
    expect(found.filter((m) => m.includes('restricted'))).toEqual([])
  })
})
