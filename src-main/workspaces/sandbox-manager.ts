import { join } from 'node:path'

/** What the engine needs from a running sandbox (src-main/sandbox). */
export interface RunningSandbox {
  url: string
  siteId: string
  trackApiKey: string
  appApiKey: string
  writeKey: string
  close(): Promise<void>
}

export type StartSandbox = (opts: { dataDir: string; people: number }) => Promise<RunningSandbox>

/**
 * The built-in "Sandbox" workspace is a Customer.io-compatible server the engine runs itself, on
 * a random loopback port, with its state in `<home>/sandbox`. It is started the first time
 * something needs it and stopped with the engine.
 */
export class SandboxManager {
  private running: Promise<RunningSandbox> | null = null

  constructor(
    private readonly start: StartSandbox,
    private readonly home: string,
    private readonly people: number,
  ) {}

  ensure(): Promise<RunningSandbox> {
    if (!this.running) {
      this.running = this.start({ dataDir: join(this.home, 'sandbox'), people: this.people })
      this.running.catch(() => (this.running = null))
    }
    return this.running
  }

  /** The URL while it runs, without starting it. */
  async currentUrl(): Promise<string | null> {
    if (!this.running) return null
    try {
      return (await this.running).url
    } catch {
      return null
    }
  }

  async stop(): Promise<void> {
    const r = this.running
    this.running = null
    if (r) await (await r).close().catch(() => undefined)
  }
}
