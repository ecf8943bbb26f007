import { APIClient, CustomerIORequestError, PipelinesClient, TrackClient } from 'customerio-node'
import type { CheckResult, ConnectionReport } from '../contract/workspaces'
import type { Endpoints } from './endpoints'

export interface WorkspaceKeys {
  siteId: string | null
  trackApiKey: string | null
  appApiKey: string | null
  writeKey: string | null
}

const TIMEOUT_MS = 8000
// A connection test must answer quickly and say what is wrong; the SDK's retries would hide a 429 or
// a dead host behind 30 s of backoff.
const NO_RETRY = { maxRetries: 0 }

/**
 * "Test connection": each key against its own API. Track: the region lookup (which also tells
 * the region). App: a read of the workspace list. Pipelines: an empty batch in strict mode, which
 * writes nothing; a refused key answers 401/403, an accepted one 2xx or a 400 about the empty batch.
 */
export async function testConnection(endpoints: Endpoints, keys: WorkspaceKeys): Promise<ConnectionReport> {
  let region: 'us' | 'eu' | null = null
  const track = await check(keys.siteId && keys.trackApiKey ? null : 'Site ID and Track API key', async () => {
    const client = new TrackClient(keys.siteId!, keys.trackApiKey!, { url: endpoints.track, timeout: TIMEOUT_MS, retry: NO_RETRY })
    const res = (await client.getAccountRegion()) as { region?: string }
    region = res.region === 'eu' ? 'eu' : res.region === 'us' ? 'us' : null
    return `Track API accepted the key${region ? `; the workspace is in the ${region.toUpperCase()} region` : ''}`
  })
  const app = await check(keys.appApiKey ? null : 'App API key', async () => {
    const client = new APIClient(keys.appApiKey!, { url: endpoints.app, timeout: TIMEOUT_MS, retry: NO_RETRY })
    const res = (await client.listWorkspaces()) as { workspaces?: { name?: string }[] }
    const names = (res.workspaces ?? []).map((w) => w.name).filter(Boolean)
    return `App API accepted the key${names.length ? ` (workspace ${names.join(', ')})` : ''}`
  })
  const pipelines = await check(keys.writeKey ? null : 'Pipelines write key', async () => {
    const client = new PipelinesClient(keys.writeKey!, { url: endpoints.pipelines, timeout: TIMEOUT_MS, retry: NO_RETRY, strictMode: true })
    try {
      await client.request.post(`${endpoints.pipelines}/batch`, { batch: [] })
    } catch (err) {
      if (!(err instanceof CustomerIORequestError) || err.statusCode !== 400) throw err
    }
    return 'Pipelines API accepted the key'
  })
  const checks = [track, app, pipelines]
  const ok = checks.some((c) => c.ok) && checks.every((c) => c.ok || c.status === 'missing-key')
  return { ok, region, track, app, pipelines }
}

async function check(missing: string | null, run: () => Promise<string>): Promise<CheckResult> {
  const started = performance.now()
  const ms = () => Math.round(performance.now() - started)
  if (missing) return { ok: false, status: 'missing-key', message: `${missing} not set`, ms: 0 }
  try {
    const message = await run()
    return { ok: true, status: 'ok', message, ms: ms() }
  } catch (err) {
    return { ok: false, ...describeFailure(err), ms: ms() }
  }
}

function describeFailure(err: unknown): Pick<CheckResult, 'status' | 'message'> {
  if (err instanceof CustomerIORequestError) {
    if (err.statusCode === 401 || err.statusCode === 403) {
      return { status: 'auth', message: `the key was refused (HTTP ${err.statusCode}); check that it belongs to this workspace and region` }
    }
    if (err.statusCode === 429) return { status: 'error', message: 'rate limited (HTTP 429); wait a few seconds and test again' }
    if (err.statusCode >= 500) return { status: 'error', message: `Customer.io answered with a server error (HTTP ${err.statusCode}); try again in a few minutes` }
    return { status: 'error', message: `unexpected answer (HTTP ${err.statusCode}); check the URL` }
  }
  const e = err as { message?: string; cause?: { code?: string; message?: string } }
  const cause = e.cause?.code ?? e.cause?.message ?? e.message ?? String(err)
  return { status: 'network', message: `could not reach the API (${cause}); check the network or the URL` }
}
