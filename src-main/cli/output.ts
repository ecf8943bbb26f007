import type { Runtime } from '../runtime/engine-runtime'
import { createClient, createValueClient, type CioClient, type CioValueClient, type Invoke } from '../contract/client'
import type { IpcError } from '../contract/result'

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

/** Streams whose reader went away (see guardPipes): nothing more is written to them. */
const gone = new Set<NodeJS.WriteStream>()

function write(stream: NodeJS.WriteStream, t: string): void {
  if (!gone.has(stream)) stream.write(t.endsWith('\n') ? t : t + '\n')
}

export const processIo: Io = {
  out: (t) => write(process.stdout, t),
  err: (t) => write(process.stderr, t),
}

/**
 * `cio-sync runs | head -1`: once `head` has its line it exits, and the next write to the pipe fails
 * with EPIPE, which Node reports as an 'error' event on the stream; unhandled, it printed a stack
 * trace and exited 1. The rest of the output is simply not wanted: it is dropped, and the command
 * runs to its end as it would have (a pull still finishes and records its run), with its own exit
 * code. Any other stream error is still thrown.
 */
export function guardPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err
      gone.add(stream)
    })
  }
}

/** How an `ok: false` answer ends a command: its message, exit 2 for invalid input, 1 otherwise. */
export function cliErrorOf(error: IpcError): CliError {
  return new CliError(error.message, error.code === 'VALIDATION' ? EXIT.usage : EXIT.failed, error)
}

const clients = new WeakMap<Runtime, { values: CioValueClient; results: CioClient }>()

function clientsOf(rt: Runtime): { values: CioValueClient; results: CioClient } {
  let both = clients.get(rt)
  if (!both) {
    const invoke: Invoke = (channel, input) => rt.invoke(channel, input, { transport: 'cli' })
    both = { values: createValueClient(invoke, cliErrorOf), results: createClient(invoke) }
    clients.set(rt, both)
  }
  return both
}

/**
 * The contract as typed methods over this runtime (`cio(rt).imports.summary({ importId })`): each
 * answers the checked value; an `ok: false` answer ends the command (cliErrorOf).
 */
export function cio(rt: Runtime): CioValueClient {
  return clientsOf(rt).values
}

/** The same methods answering the whole Result, for a command that handles some errors itself. */
export function cioResults(rt: Runtime): CioClient {
  return clientsOf(rt).results
}

/** Whether an option's text is one of the values a contract enum takes (narrows it for the typed client). */
export function isOneOf<T extends string>(values: readonly T[], text: string | undefined): text is T {
  return text !== undefined && (values as readonly string[]).includes(text)
}

/** `--json`: exactly one JSON document on stdout. Otherwise the human text. */
export function emit(io: Io, opts: GlobalOptions, value: unknown, human: () => string): void {
  io.out(opts.json ? JSON.stringify(value) : human())
}

/** Finds a workspace id by name (case-insensitive), or the active one when no name is given. */
export async function resolveWorkspace(rt: Runtime, name: string | undefined): Promise<{ id: string; name: string }> {
  const { workspaces } = await cio(rt).workspaces.list({})
  const found = name ? workspaces.find((w) => w.name.toLowerCase() === name.toLowerCase()) : workspaces.find((w) => w.active)
  if (!found) {
    const known = workspaces.map((w) => w.name).join(', ') || 'none'
    throw new CliError(name ? `no workspace named "${name}" (known: ${known})` : 'no active workspace; add one with `cio-sync workspace add`', EXIT.usage)
  }
  return found
}
