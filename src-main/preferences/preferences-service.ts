// The user's preferences that change how the engine behaves, kept in the settings table:
//   - per workspace, the request rates of the Track and Pipelines APIs. Customer.io documents
//     their limit as soft (3000 requests per 3 s; older pages say 100/s), so a workspace whose
//     account manager raised or lowered it can say so; App and broadcast limits are fixed.
//   - per workspace, the attribute names a people export always asks for ("attributes to always
//     pull"): an export has only the columns it names, and the pull names those it has seen on
//     sampled people, so an attribute nobody sampled would be missing. Kept in people_sync_state,
//     where the pull reads them.
//   - the battery charge below which scheduled runs wait (the scheduler reads the same key).
// A change of rate takes effect at the next request: the workspace's governors are dropped and
// rebuilt from the new figure.

import { dbOf, type RepoSource } from '../db/repo-support'
import { BATTERY_KEY, DEFAULT_BATTERY_THRESHOLD, SettingsRepo } from '../db/settings-repo'
import { DEFAULT_RATES, type GovernorRegistry, type RateOverride } from '../cio/rate-governor'
import type { Preferences, PreferencesUpdate } from '../contract/preferences'
import { PeopleSyncStateRepo } from '../db/people-sync-state-repo'

const RATES_KEY = (workspaceId: string) => `rates:${workspaceId}`
type StoredRates = Partial<Record<'track' | 'pipelines', number>>

/**
 * For the governor registry, built before this service: a workspace's own rate for a surface, read
 * from the settings this service writes, if it set one.
 */
export function workspaceRates(source: RepoSource): RateOverride {
  const settings = new SettingsRepo(source)
  return (workspaceId, surface) => {
    if (surface !== 'track' && surface !== 'pipelines') return undefined
    return settings.get<StoredRates>(RATES_KEY(workspaceId))?.[surface]
  }
}

export class PreferencesService {
  private readonly settings: SettingsRepo
  private readonly syncState: PeopleSyncStateRepo

  constructor(
    source: RepoSource,
    /** the engine's registry: a changed rate drops the workspace's governors */
    private readonly governors: GovernorRegistry,
  ) {
    this.settings = new SettingsRepo(source)
    this.syncState = new PeopleSyncStateRepo(dbOf(source).$client)
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
      extraAttributeNames: this.syncState.get(workspaceId).extraAttributeNames,
    }
  }

  /** null resets a rate to the default; an absent field is left as it is. */
  set(workspaceId: string, update: PreferencesUpdate): Preferences {
    // first: the one write that can fail (an unknown workspace), so a refused call changes nothing
    if (update.extraAttributeNames !== undefined) this.setExtraAttributeNames(workspaceId, update.extraAttributeNames)
    if (update.trackRate !== undefined || update.pipelinesRate !== undefined) {
      const own = { ...(this.settings.get<StoredRates>(RATES_KEY(workspaceId)) ?? {}) }
      if (update.trackRate !== undefined) own.track = update.trackRate ?? undefined
      if (update.pipelinesRate !== undefined) own.pipelines = update.pipelinesRate ?? undefined
      const kept = Object.fromEntries(Object.entries(own).filter(([, v]) => v !== undefined))
      if (Object.keys(kept).length) this.settings.set(RATES_KEY(workspaceId), kept)
      else this.settings.delete(RATES_KEY(workspaceId))
      this.governors.forget(workspaceId)
    }
    if (update.batteryThreshold !== undefined) this.settings.set(BATTERY_KEY, update.batteryThreshold)
    return this.get(workspaceId)
  }

  /** The contract has checked the names (non-empty, at most 150 bytes, no duplicates, at most 200). */
  private setExtraAttributeNames(workspaceId: string, names: string[]): void {
    // people_sync_state belongs to a workspace: the repository answers NOT_FOUND for an unknown id
    this.syncState.setExtraAttributeNames(workspaceId, names)
  }
}
