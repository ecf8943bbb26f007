// The renderer's only door to the main process: window.cio (preload or headless bridge).
// Types come from the IPC contract as `import type` only; no main-process code is bundled here.
import type { CioApi, CioEventName, CioEventPayload } from '../src-main/contract'
import type { IpcError, Result, ErrorCode } from '../src-main/contract/result'
import type { ConnectionReport, CheckResult, WorkspaceView, AddWorkspaceInput, DraftReport, SandboxKeys } from '../src-main/contract/workspaces'
import type { JobView, JobProgress, JobFinished } from '../src-main/contract/jobs'
import type { AppInfo } from '../src-main/contract/app'
import type { Preferences } from '../src-main/contract/preferences'
import type { PersonRow, PeopleFilter, PeopleQuery, PeoplePage, PersonDetail, SavedView } from '../src-main/contract/people'
import type { SegmentRow, SegmentMember } from '../src-main/contract/segments'
import type { CollectionRow } from '../src-main/contract/collections'
import type { SyncRun, Connectivity, PullPart } from '../src-main/contract/sync'
import type { ScheduleView, ScheduleStatus, ScheduleWindowInput } from '../src-main/contract/schedules'
import type { MirrorStatus } from '../src-main/contract/mirror'
import type { ImportSummary, PlanRow } from '../src-main/contract/imports'
import type { EditInput, EditValue, OutboxEntryView, ConflictView, ChangesCounts } from '../src-main/contract/changes'
import type { CampaignView, MetricsView, DeliveryView, DeviceView, SendInput, SendResult, BroadcastAudience, BroadcastResult, PerUserPreview, CampaignKindInput, TransactionalView } from '../src-main/contract/messaging'
import type { AuditEntryView, AuditFilter } from '../src-main/contract/audit'

export type {
  CioApi,
  IpcError,
  Result,
  ErrorCode,
  ConnectionReport,
  DraftReport,
  SandboxKeys,
  CheckResult,
  WorkspaceView,
  AddWorkspaceInput,
  JobView,
  JobProgress,
  JobFinished,
  AppInfo,
  Preferences,
  PersonRow,
  PeopleFilter,
  PeopleQuery,
  PeoplePage,
  PersonDetail,
  SavedView,
  SegmentRow,
  SegmentMember,
  CollectionRow,
  SyncRun,
  Connectivity,
  PullPart,
  ScheduleView,
  ScheduleStatus,
  ScheduleWindowInput,
  MirrorStatus,
  ImportSummary,
  PlanRow,
  EditInput,
  EditValue,
  OutboxEntryView,
  ConflictView,
  ChangesCounts,
  CampaignView,
  MetricsView,
  DeliveryView,
  DeviceView,
  SendInput,
  SendResult,
  BroadcastAudience,
  BroadcastResult,
  PerUserPreview,
  TransactionalView,
  AuditEntryView,
  AuditFilter,
}

export type CampaignKind = CampaignKindInput
/** The six metric series of the campaign chart (the contract's CHART_METRICS, repeated: values cannot be imported). */
export const CHART_METRICS = ['sent', 'delivered', 'opened', 'clicked', 'converted', 'bounced'] as const
export type ChartMetric = (typeof CHART_METRICS)[number]

export type JobKind = JobView['kind']
/** The kinds `jobs.start` takes (pushes start through the channels that take the typed confirmation). */
export type { StartKind } from '../src-main/contract/jobs'
/** Options of a pull job: which parts (default all) and whether to force a full export-based pull. */
export interface PullOptions {
  only?: PullPart[]
  full?: boolean
}

export type WorkspaceKind = WorkspaceView['kind']

/** window.cio when the page runs inside cio-sync; null in a plain browser tab. */
export function getCio(): CioApi | null {
  const w = window as Partial<Window>
  return w.cio && typeof w.cio === 'object' ? w.cio : null
}

/**
 * Calls window.cio and always answers with a Result. A transport failure (bridge gone, engine
 * crashed) becomes an INTERNAL error instead of an exception, so screens have one shape to show.
 */
export async function call<T>(fn: (cio: CioApi) => Promise<Result<T>>): Promise<Result<T>> {
  const cio = getCio()
  if (!cio) {
    return { ok: false, error: { code: 'INTERNAL', message: 'The cio-sync engine is not connected to this window.', retryable: true } }
  }
  try {
    const r = await fn(cio)
    if (r && typeof r === 'object' && 'ok' in r) return r
    return { ok: false, error: { code: 'INTERNAL', message: 'The engine sent an answer this window does not understand.', retryable: false } }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    return { ok: false, error: { code: 'INTERNAL', message: `Lost contact with the cio-sync engine (${message}).`, retryable: true } }
  }
}

/** Subscribes to a main-process event; returns the unsubscribe function (a no-op outside the app). */
export function subscribe<N extends CioEventName>(name: N, listener: (payload: CioEventPayload<N>) => void): () => void {
  const cio = getCio()
  if (!cio || typeof cio.on !== 'function') return () => {}
  try {
    const off = cio.on(name, listener)
    return typeof off === 'function' ? off : () => {}
  } catch {
    return () => {}
  }
}

/** What the user can do next, per error code. Every error shown in the UI carries one. */
export function nextStep(error: IpcError): string {
  switch (error.code) {
    case 'VALIDATION':
      return 'Correct the highlighted fields and try again.'
    case 'CONFLICT':
      return 'Choose a different name, or edit the existing workspace instead.'
    case 'NOT_FOUND':
      return 'It may have been removed in another window; the list has been refreshed.'
    case 'FORBIDDEN':
      return 'This action needs an explicit confirmation. Reopen it and confirm.'
    case 'AUTH':
      return 'Check the key in Customer.io (Settings → API credentials) and replace it with Edit.'
    case 'NETWORK':
      return 'Check your internet connection and the workspace URL, then try again.'
    case 'RATE_LIMITED':
      return 'Customer.io asked us to slow down. Wait a minute and try again.'
    case 'REMOTE':
      return 'Customer.io answered with an error. Try again later; if it persists, check status.customer.io.'
    case 'KEYCHAIN':
      return 'The system keychain is locked or unavailable. Unlock it (sign in to your desktop session) and try again.'
    case 'DATABASE':
      return 'The local database could not be read or written. Check free disk space, then restart cio-sync.'
    case 'CANCELLED':
      return 'Nothing else was changed. You can start it again at any time.'
    case 'UNKNOWN_CHANNEL':
      return 'This build does not offer that action yet, or the window is out of date. Restart cio-sync.'
    default:
      return error.retryable
        ? 'Try again. If it keeps failing, restart cio-sync.'
        : 'This looks like a bug in cio-sync. Restart the app; if it happens again, report it with the steps you took.'
  }
}

/** Maps an issue path ("credentials.trackApiKey", "credentials/0", "/url") to its last named segment. */
export function issueField(path: string): string {
  const parts = path.split(/[./[\]]+/).filter(Boolean)
  return parts.length ? parts[parts.length - 1] : ''
}

/** Field errors of a VALIDATION result, keyed by the field's last path segment. */
export function fieldErrors(error: IpcError | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (!error || error.code !== 'VALIDATION' || !error.issues) return out
  for (const issue of error.issues) {
    const key = issueField(issue.path) || '_form'
    out[key] = out[key] ? `${out[key]}; ${issue.message}` : issue.message
  }
  return out
}
