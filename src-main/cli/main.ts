import { Command, CommanderError } from 'commander'
import { appVersion } from '../runtime/home'
import { registerBroadcast } from './commands/broadcast'
import { registerChanges } from './commands/changes'
import { registerImport } from './commands/import'
import { registerPeople } from './commands/people'
import { registerPull } from './commands/pull'
import { registerRecover } from './commands/recover'
import { registerRuns } from './commands/runs'
import { registerSandbox } from './commands/sandbox'
import { registerSend } from './commands/send'
import { registerSchedule } from './commands/schedule'
import { registerServe } from './commands/serve'
import { registerStatus } from './commands/status'
import { registerWorkspace } from './commands/workspace'
import { CliError, EXIT, guardPipes, processIo, type Io } from './output'
import { makeWithRuntime, type RunState } from './with-runtime'

/**
 * `cio-sync`: the app's services from a terminal. Exit codes: 0 done, 1 failed, 2 usage error,
 * 3 done with rejected rows. `--json` prints one JSON document on stdout and nothing else.
 */
export function buildProgram(state: RunState, io: Io): Command {
  const program = new Command('cio-sync')
    .description('Sync a Customer.io workspace with a local mirror; import CSV files through the Track API')
    .version(appVersion())
    .option('--home <dir>', 'data folder (default: the app\'s own; or CIO_SYNC_HOME)')
    .option('--workspace <name>', 'workspace to use (default: the active one)')
    .option('--json', 'print one JSON document on stdout and nothing else')
    .showHelpAfterError('(run cio-sync --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
  const withRuntime = makeWithRuntime(state)
  registerWorkspace(program, withRuntime, io)
  registerStatus(program, withRuntime, io)
  registerPull(program, withRuntime, io)
  registerPeople(program, withRuntime, io)
  registerImport(program, withRuntime, io)
  registerSchedule(program, withRuntime, io)
  registerRuns(program, withRuntime, io)
  registerChanges(program, withRuntime, io)
  registerSend(program, withRuntime, io)
  registerBroadcast(program, withRuntime, io)
  registerServe(program, state, io)
  registerSandbox(program, state, io)
  registerRecover(program, state, io)
  for (const cmd of program.commands) {
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    for (const sub of cmd.commands) sub.exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
  }
  return program
}

export async function runCli(argv: string[], io: Io = processIo): Promise<number> {
  const state: RunState = { exitCode: EXIT.done }
  const program = buildProgram(state, io)
  try {
    await program.parseAsync(argv, { from: 'user' })
    if (state.longRunning) await state.longRunning
    return state.exitCode
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.done
      return EXIT.usage
    }
    const json = argv.includes('--json')
    if (err instanceof CliError) {
      if (json) io.out(JSON.stringify({ error: err.error ?? { code: err.exitCode === EXIT.usage ? 'USAGE' : 'FAILED', message: err.message } }))
      else io.err(`cio-sync: ${err.message}`)
      return err.exitCode
    }
    const message = err instanceof Error ? err.message : String(err)
    if (json) io.out(JSON.stringify({ error: { code: 'INTERNAL', message } }))
    else io.err(`cio-sync: ${message}`)
    return EXIT.failed
  }
}

export function main(): void {
  guardPipes()
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`cio-sync: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(EXIT.failed)
    },
  )
}
