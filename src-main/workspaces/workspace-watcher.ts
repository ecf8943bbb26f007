/**
 * Notices workspaces added, renamed or removed by another process on the same data folder (the
 * command line next to the open app), so the windows show them without a reload. SQLite's
 * `data_version` changes only when another connection commits, so a tick costs one pragma; the
 * workspace rows are read only then, and compared with what the windows were last told.
 */
export class WorkspaceWatcher {
  private timer: ReturnType<typeof setInterval> | null = null
  private lastVersion: number | null = null
  private lastFingerprint: string | null = null

  constructor(
    private readonly dataVersion: () => number,
    private readonly fingerprint: () => string,
    private readonly onChange: () => void,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    if (this.timer) return
    this.lastVersion = this.dataVersion()
    this.lastFingerprint = this.fingerprint()
    this.timer = setInterval(() => this.tick(), this.intervalMs)
    this.timer.unref?.()
  }

  /** One look; public so tests can drive it without waiting for the timer. */
  tick(): void {
    try {
      const version = this.dataVersion()
      if (version === this.lastVersion) return
      this.lastVersion = version
      const now = this.fingerprint()
      if (now === this.lastFingerprint) return
      this.lastFingerprint = now
      this.onChange()
    } catch {
      // A busy or closing database: the next tick looks again.
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }
}
