// A push that deletes people (an undo removing those its import created) is confirmed on every
// run, apart from the workspace question of confirm-push.ts: with --yes, or by typing the number
// of people on a terminal. Without either (a script, --json, no terminal) it is refused: a
// deletion never goes out because nobody was there to say no. The engine checks the number again.
import type { Runtime } from '../runtime/engine-runtime'
import { cio, CliError, EXIT, type GlobalOptions } from './output'
import { promptLine } from './prompt'

export interface DeletionOptions extends GlobalOptions {
  yes?: boolean
}

/** The number of deletions to send with the push (the plan's count), or undefined when it deletes nobody. */
export async function confirmDeletions(rt: Runtime, opts: DeletionOptions, deletions: number, workspaceId: string): Promise<number | undefined> {
  if (deletions === 0) return undefined
  if (opts.yes) return deletions
  const { workspaces } = await cio(rt).workspaces.list({})
  const workspaceName = workspaces.find((w) => w.id === workspaceId)?.name ?? 'the workspace'
  const people = `${deletions} ${deletions === 1 ? 'person' : 'people'}`
  if (!process.stdin.isTTY || opts.json) {
    throw new CliError(`this plan deletes ${people} from ${workspaceName}: pass --yes to confirm the deletion`, EXIT.usage)
  }
  const answer = await promptLine(`This plan DELETES ${people} from ${workspaceName} (Customer.io cannot bring them back). Type ${deletions} to confirm: `)
  if (answer !== String(deletions)) throw new CliError('not pushed: the deletion was not confirmed', EXIT.failed)
  return deletions
}
