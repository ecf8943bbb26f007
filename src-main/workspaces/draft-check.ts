import type { CheckResult, ConnectionReport, CredentialKind, DraftProblem, DraftReport } from '../contract/workspaces'
import type { WorkspaceKind } from './types'

/** Which keys a draft holds (never their values: the judgement needs only whether each is there). */
export type KeysPresent = Record<CredentialKind, boolean>

const WHERE = 'Customer.io → Settings → API credentials'

/** What each key is for, said where a key is missing. The write key is optional (Pipelines imports only). */
const MISSING: Partial<Record<CredentialKind, string>> = {
  siteId: `Site ID is missing: copy it from ${WHERE} → Tracking API keys.`,
  trackApiKey: `Track API key is missing: it is next to the Site ID in ${WHERE} → Tracking API keys. Without it nothing can be sent.`,
  appApiKey: `App API key is missing: create one in ${WHERE} → App API keys. Without it nothing can be read.`,
}

const REFUSED: Record<'track' | 'app' | 'pipelines', { key: CredentialKind; text: string }> = {
  track: { key: 'trackApiKey', text: `Site ID or Track API key was refused: copy both again from the same line of ${WHERE} → Tracking API keys` },
  app: { key: 'appApiKey', text: `App API key was refused: copy it again from ${WHERE} → App API keys, or create a new one` },
  pipelines: { key: 'writeKey', text: 'Pipelines write key was refused: copy it again from Data Pipelines → your source → API key, or leave it empty' },
}

/**
 * A connection test of keys the user typed says US or EU; a workspace of the other region would
 * send every request to the wrong data centre. The report is changed in place to say so.
 */
export function flagRegionMismatch(report: ConnectionReport, kind: WorkspaceKind): ConnectionReport {
  if (report.ok && report.region && (kind === 'us' || kind === 'eu') && report.region !== kind) {
    const r = report.region.toUpperCase()
    report.ok = false
    report.track = { ...report.track, ok: false, status: 'error', message: `the keys belong to the ${r} region; choose ${r} as the kind` }
  }
  return report
}

/**
 * Whether a draft may be saved. A missing or refused key blocks (saving it would only fail later,
 * at the first pull or push); an API that could not be reached does not, since the keys may be
 * right and the network down: the user may save anyway and test later.
 */
export function judgeDraft(report: ConnectionReport, kind: WorkspaceKind, present: KeysPresent, sameSiteIdAs: string[]): DraftReport {
  const problems: DraftProblem[] = []
  if (kind !== 'sandbox') {
    for (const key of ['siteId', 'trackApiKey', 'appApiKey'] as const) {
      if (!present[key]) problems.push({ key, blocking: true, message: MISSING[key]! })
    }
  }
  const otherRegion = report.region && (kind === 'us' || kind === 'eu') && report.region !== kind ? report.region.toUpperCase() : null
  if (otherRegion) problems.push({ key: null, blocking: true, message: `The keys belong to the ${otherRegion} region: choose ${otherRegion} as the kind.` })
  let unreachable = false
  for (const api of ['track', 'app', 'pipelines'] as const) {
    const check: CheckResult = report[api]
    if (check.status === 'auth') problems.push({ key: REFUSED[api].key, blocking: true, message: `${REFUSED[api].text}${httpCode(check.message)}.` })
    else if (api === 'track' && otherRegion) continue
    else if (check.status === 'network' || check.status === 'error') {
      unreachable = true
      problems.push({ key: null, blocking: false, message: `${apiLabel(api)}: ${check.message}.` })
    }
  }
  if (sameSiteIdAs.length) {
    problems.push({ key: 'siteId', blocking: false, message: `Same Site ID as ${sameSiteIdAs.map((n) => `“${n}”`).join(', ')}: this may be the same Customer.io workspace twice.` })
  }
  const verdict = problems.some((p) => p.blocking) ? 'blocked' : unreachable ? 'unreachable' : 'ready'
  return { report, verdict, problems, sameSiteIdAs }
}

function apiLabel(api: 'track' | 'app' | 'pipelines'): string {
  return api === 'track' ? 'Track API' : api === 'app' ? 'App API' : 'Pipelines API'
}

/** " (HTTP 401)" from a check's message, so the user can quote it; empty when there is none. */
function httpCode(message: string): string {
  const m = /HTTP \d{3}/.exec(message)
  return m ? ` (${m[0]})` : ''
}
