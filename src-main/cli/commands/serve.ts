import type { Command } from 'commander'
import { startHeadlessHost } from '../../host/headless-host'
import { startRuntime } from '../../runtime/engine-runtime'
import { CliError, EXIT, type GlobalOptions, type Io } from '../output'
import type { RunState } from '../with-runtime'
import { untilSignal } from './signals'

export function registerServe(program: Command, state: RunState, io: Io): void {
  program
    .command('serve')
    .description('headless host: the UI and the IPC contract over a WebSocket on 127.0.0.1, with a session token')
    .option('--port <n>', 'port to listen on (default: a free one)')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals() as GlobalOptions & { port?: string }
      const port = opts.port === undefined ? 0 : Number(opts.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be a port number, not "${opts.port}"`, EXIT.usage)
      const rt = await startRuntime({ home: opts.home, mode: 'headless' })
      for (const notice of rt.notices) io.err(`cio-sync: ${notice}`)
      let host
      try {
        host = await startHeadlessHost({ port, invoke: rt.invoke })
      } catch (err) {
        await rt.stop()
        throw new CliError(err instanceof Error ? err.message : String(err))
      }
      rt.onEvent((name, payload) => host.broadcast(name, payload))
      // The schedules run in this process (the engine starts them in headless mode): log their status.
      rt.onEvent((name, payload) => {
        if (name === 'app:schedules:status') rt.logger.info(`schedules: ${JSON.stringify(payload)}`)
      })
      rt.logger.info(`headless host listening on ${host.origin}`)
      io.out(opts.json ? JSON.stringify({ url: host.url, origin: host.origin, token: host.token, home: rt.config.home }) : `cio-sync is running at ${host.url}\nOpen it in a browser on this machine. Ctrl+C stops it.`)
      state.longRunning = untilSignal().then(async () => {
        await host.close()
        await rt.stop()
      })
    })
}
