import { z } from 'zod'
import { channel } from './channel'

export const collectionRow = z.object({
  id: z.number().int(),
  name: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  schema: z.array(z.string()),
  updatedAt: z.number().nullable(),
  pulledAt: z.number().nullable(),
})
export type CollectionRow = z.infer<typeof collectionRow>

export const collectionsContract = {
  channels: {
    list: channel('collections', 'list', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), z.object({ collections: z.array(collectionRow) })),
    rows: channel(
      'collections',
      'rows',
      z.object({
        workspaceId: z.string().min(1).optional(),
        collectionId: z.number().int(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(200),
      }).strict(),
      z.object({ total: z.number().int(), offset: z.number().int(), columns: z.array(z.string()), rows: z.array(z.record(z.string(), z.unknown())) }),
    ),
  },
  events: {},
} as const
