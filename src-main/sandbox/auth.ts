// The three auth realms plus the admin realm, and how a path is assigned to one.
// docs/customerio-api.md §8.1: a key of one realm is never accepted by another.

import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Realm } from './config'

export interface SandboxKeys {
  siteId: string
  trackApiKey: string
  appApiKey: string
  writeKey: string
  adminToken: string
  /** Signs export download links; never handed out. */
  signingSecret: string
}

/** Real site ids and keys are lowercase hex; the sandbox's look the same. */
export function generateKeys(): SandboxKeys {
  const hex = (bytes: number): string => randomBytes(bytes).toString('hex')
  return {
    siteId: hex(10),
    trackApiKey: hex(10),
    appApiKey: hex(16),
    writeKey: hex(16),
    adminToken: hex(20),
    signingSecret: hex(32),
  }
}

const PIPELINES_PATHS = new Set(['identify', 'track', 'batch', 'page', 'screen', 'group', 'alias'])

/** Which realm serves a path. App and Pipelines share `/v1`; the Pipelines verbs never collide with App paths. */
export function realmOf(path: string): Realm | 'admin' | 'download' | null {
  if (path.startsWith('/__sandbox/') || path === '/__sandbox') return 'admin'
  if (path.startsWith('/downloads/')) return 'download'
  if (path.startsWith('/api/v1/') || path.startsWith('/api/v2/')) return 'track'
  const m = /^\/v1\/([^/]+)\/?$/.exec(path)
  if (m && PIPELINES_PATHS.has(m[1])) return 'pipelines'
  if (path.startsWith('/v1/')) return 'app'
  return null
}

export interface Credentials {
  scheme: 'basic' | 'bearer'
  user: string
  password: string
}

/**
 * Parses Authorization. Basic accepts both base64 alphabets with or without padding, because the Go
 * client encodes with the URL-safe alphabet (docs/customerio-api.md §1).
 */
export function parseAuthorization(header: string | undefined): Credentials | null {
  if (!header) return null
  const m = /^(\w+)\s+(.+)$/.exec(header.trim())
  if (!m) return null
  const scheme = m[1].toLowerCase()
  const value = m[2].trim()
  if (scheme === 'bearer') return { scheme: 'bearer', user: value, password: '' }
  if (scheme !== 'basic') return null
  let b64 = value.replace(/-/g, '+').replace(/_/g, '/')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) return null
  b64 = b64.replace(/=+$/, '')
  b64 += '='.repeat((4 - (b64.length % 4)) % 4)
  const decoded = Buffer.from(b64, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return { scheme: 'basic', user: decoded, password: '' }
  return { scheme: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** True when the request carries valid credentials for `realm`. */
export function authorized(realm: Realm | 'admin', req: IncomingMessage, keys: SandboxKeys): boolean {
  const creds = parseAuthorization(req.headers.authorization)
  if (!creds) return false
  switch (realm) {
    case 'track':
      return creds.scheme === 'basic' && same(creds.user, keys.siteId) && same(creds.password, keys.trackApiKey)
    case 'app':
      return creds.scheme === 'bearer' && same(creds.user, keys.appApiKey)
    case 'pipelines':
      // Documented: Basic `<write key>:` (empty password). The collection sends Bearer; accept both.
      if (creds.scheme === 'basic') return same(creds.user, keys.writeKey) && creds.password === ''
      return same(creds.user, keys.writeKey)
    case 'admin':
      return creds.scheme === 'bearer' && same(creds.user, keys.adminToken)
  }
}
