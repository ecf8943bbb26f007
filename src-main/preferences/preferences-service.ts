// The user's preferences that change how the engine behaves, kept in the settings table:
//   - per workspace, the request rates of the Track and Pipelines APIs. Customer.io documents
//     their limit as soft (3000 requests per 3 s; older pages say 100/s), so a workspace whose
//     account manager raised or lowered it can say so; App and broadcast limits are fixed.
//   - the battery charge below which scheduled runs wait (the scheduler reads the same key).
// A change of rate takes effect at the next request: the workspace's governors are dropped and
// rebuilt from the new figure.

import type { RepoSource } from '../db/repo-support'
import { SettingsRepo } from '../db/settings-repo'
import { DEFAULT_RATES, type GovernorRegistry, type Surface } from '../cio/rate-governor'
import type { Preferences, PreferencesUpdate } from '../ipc/contracts/preferences'
import { BATTERY_KEY, DEFAULT_BATTERY_THRESHOLD } from '../schedule/schedules-repo'

const RATES_KEY = (workspaceId: string) => `rates:${workspaceId}`
type StoredRates = Partial<Record<'track' | 'pipelines', number>>

export class PreferencesService {
  private readonly settings: SettingsRepo
  /** the engine's registry, set by the composition root once both exist */
  private governors: GovernorRegistry | null = null

  constructor(source: RepoSource) {
    this.settings = new SettingsRepo(source)
  }

  attach(governors: GovernorRegistry): void {
    this.governors = governors
  }

  /** For the governor registry: this workspace's own rate for a surface, if it set one. */
  rateFor(workspaceId: string, surface: Surface): number | undefined {
    if (surface !== 'track' && surface !== 'pipelines') return undefined
    return this.settings.get<StoredRates>(RATES_KEY(workspaceId))?.[surface]
  }

  get(workspaceId: string): Preferences {
    const own = this.settings.get<StoredRates>(RATES_KEY(workspaceId)) ?? {}
    const battery = this.settings.get<number>(BATTERY_KEY)
    return {
      workspaceId,
      trackRate: own.track ?? null,
      pipelinesRate: own.pipelines ?? null,
      defaults: { trackRate: DEFAULT_RATES.track, pipelinesRate: DEFAULT_RATES.pipelines, batteryThreshold: DEFAULT_BATTERY_THRESHOLD },
      batteryThreshold: typeof battery === 'number' ? battery : DEFAULT_BATTERY_THRESHOLD,
    }
  }

  /** null resets a rate to the default; an absent field is left as it is. */
  set(workspaceId: string, update: PreferencesUpdate): Preferences {
    if (update.trackRate !== undefined || update.pipelinesRate !== undefined) {
      const own = { ...(this.settings.get<StoredRates>(RATES_KEY(workspaceId)) ?? {}) }
      if (update.trackRate !== undefined) own.track = update.trackRate ?? undefined
      if (update.pipelinesRate !== undefined) own.pipelines = update.pipelinesRate ?? undefined
      const kept = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined))
      if (Object.keys(kept).length) this.settings.set(RATES_KEY(workspaceId), kept)
      else this.settings.delete(RATES_KEY(workspaceId))
      this.governors?.forget(workspaceId)
    }
    if (update.batteryThreshold !== undefined) this.settings.set(BATTERY_KEY, update.batteryThreshold)
    return this.get(workspaceId)
  }
}
