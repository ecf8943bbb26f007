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

export type SandboxKeySet = Pick<RunningSandbox, 'siteId' | 'trackApiKey' | 'appApiKey' | 'writeKey'>
/** Reads the keys a sandbox keeps in its data folder without starting it (null: never created). */
export type ReadSandboxKeys = (dataDir: string) => SandboxKeySet | null

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
    private readonly readKeys: ReadSandboxKeys = () => null,
  ) {}

  private get dataDir(): string {
    return join(this.home, 'sandbox')
  }

  ensure(): Promise<RunningSandbox> {
    if (!this.running) {
      this.running = this.start({ dataDir: this.dataDir, people: this.people })
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

  /**
   * The sandbox's own keys: the running server's, else the ones in its data folder, without
   * starting it (a workspace list should not start a server). They are not secrets, so the
   * Sandbox workspace never needs the OS keychain.
   */
  async keys(): Promise<SandboxKeySet | null> {
    if (this.running) {
      try {
        const { siteId, trackApiKey, appApiKey, writeKey } = await this.running
        return { siteId, trackApiKey, appApiKey, writeKey }
      } catch {
        return null
      }
    }
    return this.readKeys(this.dataDir)
  }

  async stop(): Promise<void> {
    const r = this.running
    this.running = null
    if (r) await (await r).close().catch(() => undefined)
  }
}
