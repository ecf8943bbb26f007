import type { EventSink } from '../base/events'
import type { Connectivity } from '../contract/sync'

/**
 * Whether each workspace answered its last request. Every API call through the cio/ layer reports
 * here; the UI shows a banner from the `app:sync:connectivity` event while a workspace is
 * unreachable, and everything stays readable from the mirror.
 */
export class ConnectivityTracker {
  private readonly state = new Map<string, Connectivity>()

  constructor(
    private readonly events: EventSink,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the outcome of a request; emits an event only when reachability flips. */
  record(workspaceId: string, reachable: boolean, message: string | null = null): void {
    const before = this.state.get(workspaceId)
    const next: Connectivity = { workspaceId, reachable, checkedAt: this.now(), message: reachable ? null : message }
    this.state.set(workspaceId, next)
    if (!before || before.reachable !== reachable) this.events.emit('app:sync:connectivity', next)
  }

  get(workspaceId: string): Connectivity | null {
    return this.state.get(workspaceId) ?? null
  }
}
