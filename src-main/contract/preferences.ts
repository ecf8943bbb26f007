import { z } from 'zod'
import { channel } from './channel'

// Preferences that change how the engine works (Settings screen): the request rates of the soft-
// limited APIs per workspace, the attributes a people export must always ask for, and the battery
// level below which scheduled syncs wait.

/** requests per second; Customer.io's soft limit is 3000 per 3 s (1000/s) */
const rate = z.number().min(1).max(1000)

/** Customer.io refuses attribute names over 150 bytes, so a longer one could never be a column. */
export const ATTRIBUTE_NAME_MAX_BYTES = 150
/** An export's column list has to stay a sane size; 200 is far beyond any real need. */
export const EXTRA_ATTRIBUTE_NAMES_MAX = 200

const attributeName = z
  .string()
  .trim()
  .min(1, 'an attribute name must not be empty')
  .refine((n) => new TextEncoder().encode(n).length <= ATTRIBUTE_NAME_MAX_BYTES, `an attribute name is at most ${ATTRIBUTE_NAME_MAX_BYTES} bytes`)

/**
 * Attribute names a people export asks Customer.io for even when no sampled person has them (an
 * export only has the columns it asks for). Checked after trimming, so " plan" and "plan" collide.
 */
export const extraAttributeNames = z
  .array(attributeName)
  .max(EXTRA_ATTRIBUTE_NAMES_MAX, `at most ${EXTRA_ATTRIBUTE_NAMES_MAX} attribute names`)
  .superRefine((names, ctx) => {
    const seen = new Set<string>()
    names.forEach((n, i) => {
      if (seen.has(n)) ctx.addIssue({ code: 'custom', path: [i], message: `"${n}" is listed twice` })
      seen.add(n)
    })
  })

export const preferences = z.object({
  workspaceId: z.string(),
  /** this workspace's own rate, or null for the default */
  trackRate: z.number().nullable(),
  pipelinesRate: z.number().nullable(),
  /** percent; 0 = never hold scheduled runs on battery */
  batteryThreshold: z.number().int().min(0).max(100),
  /** this workspace's "attributes to always pull", sorted */
  extraAttributeNames: z.array(z.string()),
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
    /** the whole list; replaces the one stored */
    extraAttributeNames: extraAttributeNames.optional(),
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
