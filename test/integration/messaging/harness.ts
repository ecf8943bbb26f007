// The messaging services wired as services.ts wires them, over the import harness's engine (real
// mirror file, real job service, the real sandbox over HTTP, keys in an in-memory secret store).

import { MessagingService } from '../../../src-main/messaging/messaging-service'
import { GovernorRegistry } from '../../../src-main/cio/rate-governor'
import type { SandboxHandle } from '../../../src-main/sandbox'
import { openImportEngine, tempDir, type ImportEngine } from '../import/harness'

export interface MessagingEngine extends ImportEngine {
  messaging: MessagingService
  dir: string
}

export async function openMessagingEngine(sandbox: SandboxHandle, name = 'messaging'): Promise<MessagingEngine> {
  const dir = tempDir(name)
  const engine = await openImportEngine(sandbox, name, dir)
  const messaging = new MessagingService({ sqlite: engine.mirror.sqlite, workspaces: engine.workspaces, actor: 'test-user', home: dir, governors: new GovernorRegistry() })
  return { ...engine, messaging, dir }
}

/** Plans and pushes an import, answering its summary once the push job ended. */
export async function runImport(e: ImportEngine, file: string, options: Record<string, unknown>) {
  const planned = await e.imports.plan(e.workspaceId, { path: file }, options as never)
  const plan = await e.finished(planned.jobId)
  if (plan.state !== 'succeeded') throw new Error(`plan ${plan.state}: ${plan.message}`)
  const pushed = await e.imports.push(planned.importId, {})
  const push = await e.finished(pushed.jobId, 120_000)
  return { importId: planned.importId, push, summary: e.imports.summary(planned.importId) }
}
