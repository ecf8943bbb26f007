// While a workspace is unreachable the windows ask, now and then, whether it is back
// (`sync.connectivity` with `probe`). One cheap read answers that: any HTTP answer, even a refusal,
// means the network is back; the request goes through the client set, so the tracker records the
// outcome and the `app:sync:connectivity` event tells every window when reachability flips.

import type { Connectivity } from '../contract/sync'
import { CioClientSet, type CioConnection } from './client-set'
import type { ConnectivityTracker } from './connectivity'
import type { GovernorRegistry } from './rate-governor'

export interface ProbeDeps {
  tracker: ConnectivityTracker
  /** the endpoints and keys of a workspace (WorkspaceService.connection of its row) */
  connection: (workspaceId: string) => Promise<CioConnection>
  governors: GovernorRegistry
}

/** A probe answers fast and once: the window asks again later, with its own back-off. */
const PROBE_TIMEOUT_MS = 8000
const ONE_ATTEMPT = { maxAttempts: 1, maxRateLimitedAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 }

export class ConnectivityProbe {
  private readonly inFlight = new Map<string, Promise<void>>()

  constructor(private readonly deps: ProbeDeps) {}

  /**
   * Checks a workspace known to be unreachable and answers what is known afterwards. A workspace
   * that is reachable, or never checked, is not asked: the next job finds out anyway.
   */
  async probe(workspaceId: string): Promise<Connectivity | null> {
    const known = this.deps.tracker.get(workspaceId)
    if (!known || known.reachable) return known
    let running = this.inFlight.get(workspaceId)
    if (!running) {
      running = this.send(workspaceId).finally(() => this.inFlight.delete(workspaceId))
      this.inFlight.set(workspaceId, running)
    }
    await running
    return this.deps.tracker.get(workspaceId)
  }

  private async send(workspaceId: string): Promise<void> {
    const cio = new CioClientSet(await this.deps.connection(workspaceId), {
      workspaceId,
      connectivity: this.deps.tracker,
      governors: this.deps.governors,
      timeoutMs: PROBE_TIMEOUT_MS,
      policy: ONE_ATTEMPT,
      priority: 'background',
    })
    const what = 'check whether the workspace can be reached'
    try {
      if (hasApp(cio)) await cio.request('app', () => cio.app.listWorkspaces(), { idempotent: true, what })
      else await cio.request('track', () => cio.track.getAccountRegion(), { idempotent: true, what })
    } catch {
      // The tracker has recorded what the answer (or its absence) says about the network; a
      // refused key is for the next job to report, not the probe.
    }
  }
}

function hasApp(cio: CioClientSet): boolean {
  try {
    return cio.app != null
  } catch {
    return false
  }
}
