// The HTTP server: assigns each request to its realm, checks that realm's credentials, injects faults,
// applies the realm's rate limit, buffers the body, routes, and writes errors in the realm's envelope.
// Order matters and mirrors a real edge: auth (401) → faults → rate limit (429) → body (413) → route.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Realm } from './config'
import { LIMITS } from './config'
import { authorized, realmOf } from './auth'
import { HttpError, readBody, realmError, sendJson, type Ctx } from './http-kit'
import { Router } from './router'
import type { Services } from './services'
import type { LimitKind } from './rate-limits'
import { registerTrackV1 } from './track-v1-routes'
import { registerTrackV2 } from './track-v2-routes'
import { registerAppCustomers } from './app-customers-routes'
import { registerAppActivities } from './app-activities-routes'
import { registerAppSegments } from './app-segments-routes'
import { registerAppCampaigns } from './app-campaigns-routes'
import { registerAppSends } from './app-send-routes'
import { registerBroadcastTriggers } from './broadcast-routes'
import { registerAppCollections } from './app-collections-routes'
import { registerAppExports, serveExportFile } from './app-exports-routes'
import { registerPipelines } from './pipelines-routes'
import { registerAdmin, type RequestLogEntry } from './admin-routes'

const REQUEST_LOG_SIZE = 1000
const BROADCAST_TRIGGER = /^\/v1\/(campaigns\/[^/]+\/triggers|send\/broadcast)\/?$/

/** Which limiter a request draws from (docs/customerio-api.md §2.2): sends share the soft ingress limit, not the App 10/s. */
function limitKinds(realm: Realm, method: string, path: string): LimitKind[] {
  if (realm !== 'app') return [realm]
  if (method === 'POST' && BROADCAST_TRIGGER.test(path)) return ['app', 'broadcast']
  if (path.startsWith('/v1/send/')) return ['transactional']
  return ['app']
}

export interface RunningServer {
  server: Server
  url: string
  close(): Promise<void>
}

export function buildRouter(s: Services, requests: RequestLogEntry[]): Router {
  const router = new Router()
  registerTrackV1(router, s)
  registerTrackV2(router, s)
  registerPipelines(router, s)
  registerBroadcastTriggers(router, s)
  registerAppSends(router, s)
  registerAppCustomers(router, s)
  registerAppActivities(router, s)
  registerAppSegments(router, s)
  registerAppCampaigns(router, s)
  registerAppCollections(router, s)
  registerAppExports(router, s)
  registerAdmin(router, s, requests)
  return router
}

export async function startServer(s: Services, host: string, port: number): Promise<RunningServer> {
  const requests: RequestLogEntry[] = []
  const router = buildRouter(s, requests)

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now()
    const url = new URL(req.url ?? '/', 'http://sandbox')
    const method = (req.method ?? 'GET').toUpperCase()
    const path = url.pathname
    const realm = realmOf(path)
    const ctx: Ctx = { req, res, method, path, query: url.searchParams, params: {}, body: Buffer.alloc(0), realm: realm ?? 'admin', baseUrl: `http://${req.headers.host ?? host}` }
    try {
      if (realm === null) throw new HttpError(404, { error: `no Customer.io API is served at ${path}` })
      if (realm === 'download') return serveExportFile(s, ctx)
      if (!authorized(realm, req, s.keys)) {
        // Track documents 401 with no body; clients only read the status. The body is the realm's envelope.
        throw realmError(realm, 401, realm === 'app' ? 'unauthorized: invalid App API key' : 'unauthorized')
      }
      if (realm !== 'admin') {
        await s.faults.delay(realm)
        const fault = s.faults.decide(realm)
        if (fault.kind === 'drop') {
          req.socket.destroy()
          return
        }
        if (fault.kind === 'error') throw fault.error
        for (const kind of limitKinds(realm, method, path)) {
          const retryAfter = s.limiter.check(kind)
          if (retryAfter !== null) throw realmError(realm, 429, `${s.limiter.describe(kind)} (reference sandbox)`).withRetryAfter(retryAfter)
        }
      }
      try {
        ctx.body = await readBody(req, LIMITS.maxBodyBytes)
      } catch (err) {
        if (err instanceof HttpError && err.status === 413) throw realmError(ctx.realm, 413, 'request body too large')
        throw err
      }
      const { found, pathExists } = router.match(method, path)
      if (!found) throw realmError(ctx.realm, pathExists ? 405 : 404, pathExists ? `${method} is not allowed on ${path}` : `not found: ${path}`)
      ctx.params = found.params
      await found.handler(ctx)
    } catch (err) {
      if (res.headersSent || res.destroyed) return
      if (err instanceof HttpError) sendJson(res, err.status, err.payload, err.headers)
      else {
        s.log(`sandbox: ${method} ${path} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
        const e = realmError(ctx.realm, 500, 'internal server error')
        sendJson(res, 500, e.payload)
      }
    } finally {
      if (realm !== 'admin') {
        requests.push({ at: started, method, path, realm: realm ?? 'none', status: res.statusCode, requestBytes: ctx.body.length, ms: Date.now() - started })
        if (requests.length > REQUEST_LOG_SIZE) requests.splice(0, requests.length - REQUEST_LOG_SIZE)
      }
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res)
  })
  server.keepAliveTimeout = 5000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
