import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { SecretStore } from '../credentials/secret-store'
import type { CallContext } from '../ipc/dispatch'
import { AppError, type Result } from '../contract/result'
import type { EngineConfig, FromWorker, SecretOp, ToWorker } from './protocol'
import { workerEntry } from '../base/worker-entry'

export interface EngineHostOptions {
  config: EngineConfig
  secrets: SecretStore
  onEvent?: (name: string, payload: unknown) => void
  onLog?: (level: 'info' | 'warn' | 'error', message: string) => void
}

/**
 * The main thread's handle on the engine worker. better-sqlite3 is synchronous, so the database
 * and every service run in the worker; the main thread keeps the keychain and answers the
 * worker's secret requests, so the key material never touches SQLite, logs or the renderer.
 */
export class EngineHost {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, (r: Result<unknown>) => void>()
  private exited: Promise<void> = Promise.resolve()
  /** what the engine had to tell the user when it started (see protocol 'ready') */
  notices: string[] = []

  constructor(private readonly opts: EngineHostOptions) {}

  async start(): Promise<void> {
    const { file, workerData } = workerEntry(resolve(__dirname, 'worker.ts'), 'engine-worker')
    const worker = new Worker(file, { workerData: { ...workerData, config: this.opts.config } })
    this.worker = worker
    this.exited = new Promise((res) => worker.once('exit', () => res()))
    // Listen before 'ready': starting up (the first-run sandbox) already asks for secrets.
    worker.on('message', (msg: FromWorker) => void this.onMessage(msg))
    await new Promise<void>((res, rej) => {
      const onMessage = (msg: FromWorker) => {
        if (msg.type === 'ready') { cleanup(); this.notices = msg.notices ?? []; res() }
        else if (msg.type === 'fatal') { cleanup(); rej(new AppError('DATABASE', msg.message)) }
      }
      const onError = (err: Error) => { cleanup(); rej(err) }
      const onExit = (code: number) => { cleanup(); rej(new Error(`engine worker exited during start (code ${code})`)) }
      const cleanup = () => {
        worker.off('message', onMessage)
        worker.off('error', onError)
        worker.off('exit', onExit)
      }
      worker.on('message', onMessage)
      worker.on('error', onError)
      worker.on('exit', onExit)
    })
    worker.on('error', (err) => this.opts.onLog?.('error', `engine worker crashed: ${err.message}`))
    worker.on('exit', () => this.failPending('the engine stopped'))
  }

  invoke(channel: string, input: unknown, ctx: CallContext): Promise<Result<unknown>> {
    const worker = this.worker
    if (!worker) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'the engine is not running', retryable: true } })
    const id = this.nextId++
    return new Promise((res) => {
      this.pending.set(id, res)
      worker.postMessage({ type: 'invoke', id, channel, input, ctx } satisfies ToWorker)
    })
  }

  async stop(): Promise<void> {
    const worker = this.worker
    if (!worker) return
    worker.postMessage({ type: 'shutdown' } satisfies ToWorker)
    const timeout = new Promise<void>((res) => setTimeout(res, 5000).unref())
    await Promise.race([this.exited, timeout])
    await worker.terminate()
    this.worker = null
  }

  private async onMessage(msg: FromWorker): Promise<void> {
    switch (msg.type) {
      case 'result': {
        const res = this.pending.get(msg.id)
        this.pending.delete(msg.id)
        res?.(msg.result)
        return
      }
      case 'event':
        this.opts.onEvent?.(msg.name, msg.payload)
        return
      case 'log':
        this.opts.onLog?.(msg.level, msg.message)
        return
      case 'secret':
        await this.answerSecret(msg.id, msg.request)
        return
      default:
        return
    }
  }

  private async answerSecret(id: number, req: SecretOp): Promise<void> {
    const s = this.opts.secrets
    let reply: ToWorker
    try {
      let value: unknown = null
      if (req.op === 'get') value = await s.get(req.workspaceId, req.kind)
      else if (req.op === 'set') await s.set(req.workspaceId, req.kind, req.value)
      else if (req.op === 'delete') await s.delete(req.workspaceId, req.kind)
      else if (req.op === 'describe') value = await s.describe(req.workspaceId)
      else if (req.op === 'deleteAll') await s.deleteAll(req.workspaceId)
      reply = { type: 'secret-result', id, ok: true, value }
    } catch (err) {
      const code = err instanceof AppError ? err.code : 'KEYCHAIN'
      reply = { type: 'secret-result', id, ok: false, code, message: err instanceof Error ? err.message : String(err) }
    }
    this.worker?.postMessage(reply)
  }

  private failPending(message: string): void {
    for (const res of this.pending.values()) res({ ok: false, error: { code: 'INTERNAL', message, retryable: true } })
    this.pending.clear()
  }
}
