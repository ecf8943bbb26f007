import { z } from 'zod'
import { channel } from './channel'

export const segmentRow = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string().nullable(),
  type: z.string(),
  state: z.string().nullable(),
  memberCount: z.number().int(),
  /** members that joined / left in the last pull (0 when that pull took the baseline) */
  joined: z.number().int(),
  left: z.number().int(),
  /** the start of the pull that first read its members (that read is the baseline) */
  baselineAt: z.number().nullable(),
  /** the last pull was the first to read its members: memberCount is a baseline, not joins */
  baseline: z.boolean(),
  /** when its members were last read one by one (a pull skips a big unchanged segment for a while) */
  membersReadAt: z.number().nullable(),
  pulledAt: z.number().nullable(),
})
export type SegmentRow = z.infer<typeof segmentRow>

export const segmentMember = z.object({
  pk: z.number().int().nullable(),
  cioId: z.string(),
  id: z.string().nullable(),
  email: z.string().nullable(),
  joinedAt: z.number().nullable(),
  leftAt: z.number().nullable(),
})
export type SegmentMember = z.infer<typeof segmentMember>

export const segmentsContract = {
  channels: {
    list: channel('segments', 'list', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), z.object({ segments: z.array(segmentRow) })),
    members: channel(
      'segments',
      'members',
      z.object({
        workspaceId: z.string().min(1).optional(),
        segmentId: z.number().int(),
        /** current members, or who joined / left in the last pull (none after a baseline) */
        change: z.enum(['current', 'joined', 'left']).default('current'),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      }).strict(),
      z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(segmentMember) }),
    ),
    /** the current members as a CSV file for a spreadsheet (formula cells neutralised) */
    exportmembers: channel(
      'segments',
      'exportmembers',
      z.object({ workspaceId: z.string().min(1).optional(), segmentId: z.number().int() }).strict(),
      z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
    ),
  },
  events: {},
} as const
