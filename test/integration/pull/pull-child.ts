// A pull in its own process, so a test can SIGKILL it half-way (see resume.test.ts).
// env: MIRROR_FILE, SANDBOX (JSON of url and keys), MODE start|resume, BATCH (people per batch),
// KIND pull (default) | deep-pull.
import type { JobFinished } from '../../../src-main/contract/jobs'
import { openEngine, waitFor, type SandboxKeys } from './harness'

async function main(): Promise<void> {
  const sandbox = JSON.parse(process.env.SANDBOX ?? '{}') as SandboxKeys
  const engine = await openEngine(process.env.MIRROR_FILE!, sandbox, { peopleBatchRows: Number(process.env.BATCH ?? 10_000) })
  if (process.env.MODE === 'resume') engine.jobs.resumeUnfinished()
  else engine.jobs.start(process.env.KIND === 'deep-pull' ? 'deep-pull' : 'pull', 'cli', {})
  const finished = await waitFor(() => engine.events.find((e) => e.name === 'app:jobs:finished')?.payload as JobFinished | undefined, 120_000)
  engine.close()
  process.stdout.write(JSON.stringify(finished) + '\n')
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + '\n')
  process.exit(1)
})
