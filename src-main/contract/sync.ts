import { z } from 'zod'
import { channel, event } from './channel'
import type { JobKind } from './job-kinds'

export const PULL_PARTS = ['people', 'segments', 'collections', 'campaigns', 'messages'] as const
export type PullPart = (typeof PULL_PARTS)[number]

/** The job kinds the sync history records (sync_runs.kind); plans are not runs against the workspace. */
export const RUN_KINDS = ['pull', 'deep-pull', 'push', 'import-push', 'pull-and-push'] as const satisfies readonly JobKind[]

export const syncRun = z.object({
  id: z.string(),
  workspaceId: z.string(),
  /** the job kind that ran it (a row of another kind, from an older version, reads as 'pull-and-push': "Sync") */
  kind: z.enum(RUN_KINDS),
  trigger: z.string(),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** e.g. { people: { created, updated, deleted, unchanged }, segments: …, requests, retries } */
  counts: z.record(z.string(), z.unknown()),
  retries: z.number().int(),
  error: z.string().nullable(),
})
export type SyncRun = z.infer<typeof syncRun>

export const connectivity = z.object({
  workspaceId: z.string(),
  reachable: z.boolean(),
  checkedAt: z.number(),
  message: z.string().nullable(),
})
export type Connectivity = z.infer<typeof connectivity>

export const syncContract = {
  channels: {
    history: channel(
      'sync',
      'history',
      z.object({ workspaceId: z.string().min(1).optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict().default({ limit: 100 }),
      z.object({ runs: z.array(syncRun) }),
    ),
    connectivity: channel(
      'sync',
      'connectivity',
      z
        .object({
          workspaceId: z.string().min(1).optional(),
          /** when the workspace is known unreachable: ask it once more (one cheap read) before answering */
          probe: z.boolean().optional(),
        })
        .strict()
        .default({}),
      connectivity.nullable(),
    ),
  },
  events: {
    connectivity: event('sync', 'connectivity', connectivity),
  },
} as const
