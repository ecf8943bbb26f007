import type { Command } from 'commander'
import { resolve } from 'node:path'
import { CliError, EXIT, type Io } from '../output'
import type { RunState } from '../with-runtime'
import { untilSignal } from './signals'

export function registerSandbox(program: Command, state: RunState, io: Io): void {
  program
    .command('sandbox')
    .description('run the local Customer.io-compatible sandbox; prints {"url","siteId","trackApiKey","appApiKey","writeKey"} when ready')
    .option('--port <n>', 'port (default: a free one)')
    .option('--data <dir>', 'keep its state in this folder (default: in memory)')
    .option('--people <n>', 'seed this many people when the sandbox is created')
    .option('--activity-window <seconds>', 'activities logged longer ago are not returned (default: 30 days)')
    .action(async (opts: { port?: string; data?: string; people?: string; activityWindow?: string }) => {
      const port = opts.port === undefined ? 0 : Number(opts.port)
      const people = opts.people === undefined ? undefined : Number(opts.people)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not "${opts.port}"`, EXIT.usage)
      if (people !== undefined && (!Number.isInteger(people) || people < 0)) throw new CliError(`--people must be a whole number, not "${opts.people}"`, EXIT.usage)
      const activityWindowSeconds = opts.activityWindow === undefined ? undefined : Number(opts.activityWindow)
      if (activityWindowSeconds !== undefined && (opts.activityWindow === '' || !Number.isInteger(activityWindowSeconds) || activityWindowSeconds < 0)) {
        throw new CliError(`--activity-window must be a whole number of seconds, not "${opts.activityWindow}"`, EXIT.usage)
      }
      // Loaded on use, so `cio-sync --help` does not load the whole sandbox. (A require, not a
      // dynamic import: tsx runs the CLI as CommonJS.)
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { runSandboxCli } = require('../../sandbox') as typeof import('../../sandbox')
      const handle = await runSandboxCli({ port, dataDir: opts.data ? resolve(opts.data) : undefined, people, activityWindowSeconds }, (line) => io.out(line))
      state.longRunning = untilSignal().then(() => handle.close())
    })
}
