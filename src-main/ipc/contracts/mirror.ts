import { z } from 'zod'
import { channel } from '../channel'

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
})
export type MirrorStatus = z.infer<typeof mirrorStatus>

export const mirrorContract = {
  channels: {
    status: channel('mirror', 'status', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), mirrorStatus),
  },
  events: {},
} as const
