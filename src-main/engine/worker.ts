import { parentPort, workerData } from 'node:worker_threads'
import { Dispatcher } from '../ipc/dispatch'
import { takeOpenNotices } from '../db/mirror-recovery'
import { createHandlers } from '../ipc/handlers'
import { AppError } from '../contract/result'
import { createServices, type Services } from '../services'
import type { EventSink } from '../base/events'
import type { EngineConfig, FromWorker, ToWorker } from './protocol'
import { SecretStoreProxy } from './secret-proxy'

// The engine: database, services and the embedded sandbox, off the main thread so a million-row
// upsert never freezes a window, the tray or IPC.

const port = parentPort
if (!port) throw new Error('engine/worker.ts must run as a worker thread')
const config = (workerData as { config: EngineConfig }).config
const post = (msg: FromWorker) => port.postMessage(msg)
const log = {
  info: (message: string) => post({ type: 'log', level: 'info', message }),
  warn: (message: string) => post({ type: 'log', level: 'warn', message }),
  error: (message: string) => post({ type: 'log', level: 'error', message }),
}
const secrets = new SecretStoreProxy(port)
const events: EventSink = { emit: (name, payload) => post({ type: 'event', name, payload }) }

let services: Services | null = null
let dispatcher: Dispatcher | null = null

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'secret-result') return secrets.settle(msg)
  if (msg.type === 'shutdown') return void shutdown()
  if (msg.type === 'invoke') {
    const d = dispatcher
    if (!d) return post({ type: 'result', id: msg.id, result: { ok: false, error: { code: 'INTERNAL', message: 'the engine is starting', retryable: true } } })
    void d.dispatch(msg.channel, msg.input, msg.ctx).then((result) => post({ type: 'result', id: msg.id, result }))
  }
})

async function boot(): Promise<void> {
  try {
    services = createServices({ config, secrets, events })
    dispatcher = new Dispatcher(createHandlers(services), log)
    await services.start()
    post({ type: 'ready', notices: takeOpenNotices() })
  } catch (err) {
    const message = err instanceof AppError || err instanceof Error ? err.message : String(err)
    post({ type: 'fatal', message })
  }
}

async function shutdown(): Promise<void> {
  try {
    await services?.close()
  } finally {
    post({ type: 'closed' })
    process.exit(0)
  }
}

void boot()
