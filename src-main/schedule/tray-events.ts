// The engine's events the tray follows, read with the contract's payload types (no casts): a
// renamed payload field fails typecheck here. The desktop shell feeds what this answers to the tray.

import type { CioEventOn } from '../contract/client'
import type { TrayEvent } from './tray-state'

export interface TrayFeed {
  /** the tray's reducer input, one per engine event it cares about */
  handle(event: TrayEvent): void
  /** the name of a workspace for notifications; null when it is not (or no longer) known */
  workspaceName(id: string): string | null
  now?: () => number
}

/** Subscribes the tray to its engine events; answers the unsubscribe function. */
export function followEngineForTray(on: CioEventOn, feed: TrayFeed): () => void {
  const now = feed.now ?? Date.now
  const offs = [
    on('app:schedules:status', (status) => feed.handle({ type: 'status', status })),
    on('app:jobs:progress', (p) => feed.handle({ type: 'jobProgress', jobId: p.jobId, at: now() })),
    on('app:jobs:finished', (p) => {
      const workspace = p.workspaceId === null ? null : { id: p.workspaceId, name: feed.workspaceName(p.workspaceId) ?? 'a removed workspace' }
      feed.handle({ type: 'jobFinished', jobId: p.jobId, kind: p.kind, state: p.state, message: p.message, at: now(), workspace })
    }),
    on('app:changes:updated', (p) => feed.handle({ type: 'conflicts', workspaceId: p.workspaceId, conflicts: p.conflicts })),
  ]
  return () => offs.forEach((off) => off())
}
