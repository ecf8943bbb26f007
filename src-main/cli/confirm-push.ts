// The question before anything is pushed from a terminal: a production workspace needs its name
// typed (from --confirm, or a prompt on a terminal); another workspace asks a plain y/N unless
// --yes, --json or no terminal. The engine checks the typed name again (requireConfirmation).
import type { Runtime } from '../runtime/engine-runtime'
import { cio, CliError, EXIT, type GlobalOptions } from './output'
import { promptLine } from './prompt'

export interface ConfirmOptions extends GlobalOptions {
  yes?: boolean
  confirm?: string
}

/** Answers the typed name to send with the push (undefined for a workspace that is not production). */
export async function confirmPush(rt: Runtime, opts: ConfirmOptions, workspaceId: string, what: string): Promise<string | undefined> {
  const { workspaces } = await cio(rt).workspaces.list({})
  const ws = workspaces.find((w) => w.id === workspaceId)
  if (ws?.production) {
    if (opts.confirm) return opts.confirm
    if (!process.stdin.isTTY || opts.json) throw new CliError(`${ws.name} is a production workspace: pass --confirm "${ws.name}" to push`, EXIT.usage)
    return promptLine(`${ws.name} is PRODUCTION. ${what[0]!.toUpperCase()}${what.slice(1)}. Type the workspace name to push: `)
  }
  if (!opts.yes && process.stdin.isTTY && !opts.json) {
    const answer = await promptLine(`${what[0]!.toUpperCase()}${what.slice(1)} to ${ws?.name ?? 'the workspace'}? [y/N] `)
    if (!/^y(es)?$/i.test(answer)) throw new CliError('not pushed', EXIT.failed)
  }
  return undefined
}
