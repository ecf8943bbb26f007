import type { Command } from 'commander'
import { startRuntime, type Runtime } from '../runtime/engine-runtime'
import type { GlobalOptions } from './output'

export type Action<O> = (rt: Runtime, opts: O, ...args: string[]) => Promise<number | void>
/** Checks the options before anything starts, so a usage error has no side effect. */
export type Check<O> = (opts: O, ...args: string[]) => void
export type WithRuntime = <O extends GlobalOptions>(action: Action<O>, check?: Check<O>) => (...args: unknown[]) => Promise<void>

export interface RunState {
  exitCode: number
  /** kept running (serve, sandbox) until a signal */
  longRunning?: Promise<void>
}

/**
 * Wraps a command action: resolves the global options, starts the engine on the chosen data folder,
 * runs the action, and always stops the engine again. The action's return value is the exit code.
 */
export function makeWithRuntime(state: RunState): WithRuntime {
  return <O extends GlobalOptions>(action: Action<O>, check?: Check<O>) =>
    async (...args: unknown[]) => {
      const cmd = args[args.length - 1] as Command
      const opts = cmd.optsWithGlobals() as O
      const positional = args.slice(0, -2) as string[]
      check?.(opts, ...positional)
      const rt = await startRuntime({ home: opts.home, mode: 'cli' })
      // on stderr, so `--json` keeps stdout one document
      for (const notice of rt.notices) process.stderr.write(`cio-sync: ${notice}\n`)
      try {
        const code = await action(rt, opts, ...positional)
        if (typeof code === 'number') state.exitCode = code
      } finally {
        await rt.stop()
      }
    }
}
