import { z } from 'zod'
import { channel, event } from './channel'

// Workspaces: where cio-sync sends and pulls. Keys go to the OS keychain; the contract only ever
// carries them inbound (add/update). Outbound a key is `{ set, last4 }`.

export const WORKSPACE_KINDS = ['us', 'eu', 'custom', 'sandbox'] as const
export const CREDENTIAL_KINDS = ['siteId', 'trackApiKey', 'appApiKey', 'writeKey'] as const
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]

const name = z.string().trim().min(1, 'name is required').max(80, 'name is at most 80 characters')
const url = z
  .string()
  .trim()
  .url('url must be an absolute http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'url must start with http:// or https://')
const secret = z.string().trim().min(1).max(512)

export const credentialsInput = z
  .object({
    siteId: secret.optional(),
    trackApiKey: secret.optional(),
    appApiKey: secret.optional(),
    writeKey: secret.optional(),
  })
  .strict()

export const keyView = z.object({ set: z.boolean(), last4: z.string().max(4).nullable() })

export const workspaceView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(WORKSPACE_KINDS),
  url: z.string().nullable(),
  production: z.boolean(),
  active: z.boolean(),
  createdAt: z.number(),
  lastTest: z
    .object({ at: z.number(), ok: z.boolean(), region: z.enum(['us', 'eu']).nullable() })
    .nullable(),
  credentials: z.object({
    siteId: keyView,
    trackApiKey: keyView,
    appApiKey: keyView,
    writeKey: keyView,
  }),
  /** names of the other workspaces with the same Site ID (a warning: likely the same workspace twice) */
  sameSiteIdAs: z.array(z.string()),
})
export type WorkspaceView = z.infer<typeof workspaceView>

export const addWorkspaceInput = z
  .object({
    name,
    kind: z.enum(WORKSPACE_KINDS),
    url: url.optional(),
    production: z.boolean().default(false),
    credentials: credentialsInput.default({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'custom' && !v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a custom workspace needs a url' })
    if (v.kind !== 'custom' && v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'only a custom workspace takes a url' })
    if (v.kind === 'sandbox' && v.production) ctx.addIssue({ code: 'custom', path: ['production'], message: 'the sandbox cannot be production' })
  })
export type AddWorkspaceInput = z.input<typeof addWorkspaceInput>

export const updateWorkspaceInput = z
  .object({
    id: z.string().min(1),
    name: name.optional(),
    url: url.optional(),
    production: z.boolean().optional(),
    credentials: credentialsInput.optional(),
  })
  .strict()

const checkResult = z.object({
  ok: z.boolean(),
  status: z.enum(['ok', 'missing-key', 'auth', 'network', 'error']),
  message: z.string(),
  ms: z.number(),
})
export type CheckResult = z.infer<typeof checkResult>

export const connectionReport = z.object({
  ok: z.boolean(),
  region: z.enum(['us', 'eu']).nullable(),
  track: checkResult,
  app: checkResult,
  pipelines: checkResult,
})
export type ConnectionReport = z.infer<typeof connectionReport>

/**
 * "Test connection" on the form, before anything is stored: the typed keys travel inbound only.
 * Editing (`id` given), a key left empty is taken from the keychain. The answer never carries a key.
 */
export const testDraftInput = z
  .object({
    id: z.string().min(1).optional(),
    kind: z.enum(WORKSPACE_KINDS),
    url: url.optional(),
    credentials: credentialsInput.default({}),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'custom' && !v.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'a custom workspace needs a url' })
  })
export type TestDraftInput = z.input<typeof testDraftInput>

/** One thing that keeps the draft from being saved (or, `blocking: false`, that the user should know). */
export const draftProblem = z.object({
  key: z.enum(CREDENTIAL_KINDS).nullable(),
  blocking: z.boolean(),
  message: z.string(),
})
export type DraftProblem = z.infer<typeof draftProblem>

export const draftReport = z.object({
  report: connectionReport,
  /** ready: save; blocked: a key is missing, refused or of another region; unreachable: the APIs could not be reached (save anyway allowed) */
  verdict: z.enum(['ready', 'blocked', 'unreachable']),
  problems: z.array(draftProblem),
  /** names of workspaces already using this Site ID */
  sameSiteIdAs: z.array(z.string()),
})
export type DraftReport = z.infer<typeof draftReport>

/** The built-in sandbox's keys and addresses: not secrets, shown so a user can rehearse with curl. */
export const sandboxKeys = z.object({
  siteId: z.string(),
  trackApiKey: z.string(),
  appApiKey: z.string(),
  writeKey: z.string(),
  url: z.string(),
  trackUrl: z.string(),
  appUrl: z.string(),
  pipelinesUrl: z.string(),
})
export type SandboxKeys = z.infer<typeof sandboxKeys>

const byId = z.object({ id: z.string().min(1) }).strict()

export const workspacesContract = {
  channels: {
    list: channel('workspaces', 'list', z.object({}).strict().default({}), z.object({ workspaces: z.array(workspaceView) })),
    add: channel('workspaces', 'add', addWorkspaceInput, workspaceView),
    update: channel('workspaces', 'update', updateWorkspaceInput, workspaceView),
    remove: channel('workspaces', 'remove', byId, z.object({ id: z.string() })),
    select: channel('workspaces', 'select', byId, workspaceView),
    test: channel('workspaces', 'test', byId, connectionReport),
    testdraft: channel('workspaces', 'testdraft', testDraftInput, draftReport),
    sandboxkeys: channel('workspaces', 'sandboxkeys', byId, sandboxKeys),
  },
  events: {
    changed: event('workspaces', 'changed', z.object({ activeId: z.string().nullable() })),
  },
} as const
