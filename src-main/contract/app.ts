import { z } from 'zod'
import { channel } from './channel'

export const appInfo = z.object({
  name: z.literal('cio-sync'),
  version: z.string(),
  mode: z.enum(['desktop', 'headless', 'cli']),
  home: z.string(),
  platform: z.string(),
  schemaVersion: z.number(),
  /** the mirror file: its path and size on disk (with its write-ahead log) */
  dataFile: z.object({ path: z.string(), bytes: z.number() }),
})
export type AppInfo = z.infer<typeof appInfo>

export const appContract = {
  channels: {
    info: channel('app', 'info', z.object({}).strict().default({}), appInfo),
  },
  events: {},
} as const
