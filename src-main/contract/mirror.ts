import { z } from 'zod'
import { channel } from './channel'

export const mirrorStatus = z.object({
  workspaceId: z.string().nullable(),
  workspaceName: z.string().nullable(),
  people: z.number().int(),
  segments: z.number().int(),
  segmentMembers: z.number().int(),
  collections: z.number().int(),
  outbox: z.number().int(),
  conflicts: z.number().int(),
  lastPull: z.number().nullable(),
  /**
   * How complete the people mirror is (docs/pulls.md): every attribute name known in the
   * workspace, when a deep pull last completed everyone, and which path the last people pull took.
   */
  attributeCoverage: z.object({
    names: z.array(z.string()),
    /** unix ms; null = never */
    deepPullFinishedAt: z.number().nullable(),
    /** 'incremental' (activity feed), 'export', 'search' (a workspace of one search page); null = never pulled */
    lastPeoplePull: z.enum(['incremental', 'export', 'search']).nullable(),
    /** why the last people pull took its path, e.g. why it fell back to an export */
    lastPeoplePullReason: z.string().nullable(),
  }),
})
export type MirrorStatus = z.infer<typeof mirrorStatus>

export const mirrorContract = {
  channels: {
    status: channel('mirror', 'status', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), mirrorStatus),
  },
  events: {},
} as const
