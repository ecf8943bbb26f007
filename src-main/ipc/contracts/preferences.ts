import { z } from 'zod'
import { channel } from '../channel'

// Preferences that change how the engine works (Settings screen): the request rates of the soft-
// limited APIs per workspace, and the battery level below which scheduled syncs wait.

/** requests per second; Customer.io's soft limit is 3000 per 3 s (1000/s) */
const rate = z.number().min(1).max(1000)

export const preferences = z.object({
  workspaceId: z.string(),
  /** this workspace's own rate, or null for the default */
  trackRate: z.number().nullable(),
  pipelinesRate: z.number().nullable(),
  /** percent; 0 = never hold scheduled runs on battery */
  batteryThreshold: z.number().int().min(0).max(100),
  defaults: z.object({ trackRate: z.number(), pipelinesRate: z.number(), batteryThreshold: z.number() }),
})
export type Preferences = z.infer<typeof preferences>

export const preferencesUpdate = z
  .object({
    workspaceId: z.string().min(1).optional(),
    /** null resets to the default */
    trackRate: rate.nullable().optional(),
    pipelinesRate: rate.nullable().optional(),
    batteryThreshold: z.number().int().min(0).max(100).optional(),
  })
  .strict()
export type PreferencesUpdate = z.infer<typeof preferencesUpdate>

export const preferencesContract = {
  channels: {
    get: channel('preferences', 'get', z.object({ workspaceId: z.string().min(1).optional() }).strict().default({}), preferences),
    set: channel('preferences', 'set', preferencesUpdate, preferences),
  },
  events: {},
} as const
