// Track and Pipelines acknowledge a write before processing it (docs/customerio-api.md §3: "processes
// asynchronously"). With a processing lag configured, accepted writes are applied only after that lag,
// so a test can observe a Track write that the App API does not show yet. Writes apply in order.

export class ProcessingQueue {
  private readonly pending: { due: number; apply: () => void }[] = []
  private timer: NodeJS.Timeout | null = null

  constructor(private readonly lagMs: () => number, private readonly onError: (err: unknown) => void) {}

  /** Applies now when there is no lag (and nothing queued ahead), else after the lag. */
  enqueue(apply: () => void): void {
    const lag = this.lagMs()
    if (lag <= 0 && this.pending.length === 0) {
      this.run(apply)
      return
    }
    this.pending.push({ due: Date.now() + Math.max(0, lag), apply })
    this.schedule()
  }

  get size(): number {
    return this.pending.length
  }

  /** Applies everything still queued (on close, so a persisted workspace loses no acknowledged write). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    while (this.pending.length) this.run(this.pending.shift()!.apply)
  }

  private schedule(): void {
    if (this.timer || this.pending.length === 0) return
    const wait = Math.max(0, this.pending[0].due - Date.now())
    this.timer = setTimeout(() => {
      this.timer = null
      const now = Date.now()
      while (this.pending.length && this.pending[0].due <= now) this.run(this.pending.shift()!.apply)
      this.schedule()
    }, wait)
    this.timer.unref()
  }

  private run(apply: () => void): void {
    try {
      apply()
    } catch (err) {
      this.onError(err)
    }
  }
}
