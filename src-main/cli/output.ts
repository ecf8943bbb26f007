import type { Runtime } from '../runtime/engine-runtime'
import type { IpcError } from '../ipc/result'

export const EXIT = { done: 0, failed: 1, usage: 2, rejectedRows: 3 } as const

/** An error that ends the command with a message and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
    readonly error?: IpcError,
  ) {
    super(message)
  }
}

export interface GlobalOptions {
  home?: string
  workspace?: string
  json?: boolean
}

export interface Io {
  out(text: string): void
  err(text: string): void
}

export const processIo: Io = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : t + '\n'),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : t + '\n'),
}

/** Calls a channel; an `ok: false` answer ends the command with its message. */
export async function call<T>(rt: Runtime, channel: string, input: unknown): Promise<T> {
  const res = await rt.invoke(channel, input, { transport: 'cli' })
  if (!res.ok) {
    const exit = res.error.code === 'VALIDATION' ? EXIT.usage : EXIT.failed
    throw new CliError(res.error.message, exit, res.error)
  }
  return res.value as T
}

/** `--json`: exactly one JSON document on stdout. Otherwise the human text. */
export function emit(io: Io, opts: GlobalOptions, value: unknown, human: () => string): void {
  io.out(opts.json ? JSON.stringify(value) : human())
}

/** Finds a workspace id by name (case-insensitive), or the active one when no name is given. */
export async function resolveWorkspace(rt: Runtime, name: string | undefined): Promise<{ id: string; name: string }> {
  const { workspaces } = await call<{ workspaces: { id: string; name: string; active: boolean }[] }>(rt, 'app:workspaces:list', {})
  const found = name ? workspaces.find((w) => w.name.toLowerCase() === name.toLowerCase()) : workspaces.find((w) => w.active)
  if (!found) {
    const known = workspaces.map((w) => w.name).join(', ') || 'none'
    throw new CliError(name ? `no workspace named "${name}" (known: ${known})` : 'no active workspace; add one with `cio-sync workspace add`', EXIT.usage)
  }
  return found
}
