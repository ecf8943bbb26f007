import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startHeadlessHost, type HeadlessHost } from '../../../src-main/host/headless-host'
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy, cspMetaPlugin } from '../../../src-main/security/csp'

// One policy for the renderer, wherever it is delivered: the Electron shell's header
// (CONTENT_SECURITY_POLICY), the <meta> of the built index.html (the vite plugin), and the headless
// host's header and served page (plus its own socket). The built page used to carry a weaker copy.

const root = resolve(__dirname, '../../..')
const builtIndex = join(root, 'out/renderer/index.html')

function metaPolicies(html: string): string[] {
  return [...html.matchAll(/<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/gi)].map((m) => m[1])
}

/** directive name → sources, to compare policies without caring about order */
function parse(policy: string): Record<string, string> {
  return Object.fromEntries(policy.split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(' ')]))
}

const STRICT = { 'object-src': "'none'", 'base-uri': "'none'", 'form-action': "'none'", 'script-src': "'self'", 'connect-src': "'self'" }

describe('the renderer CSP', () => {
  it('is strict in the shell header: no inline or remote scripts, no plugins, no base or form targets, no framing', () => {
    expect(parse(CONTENT_SECURITY_POLICY)).toMatchObject({ ...STRICT, 'frame-ancestors': "'none'" })
    expect(CONTENT_SECURITY_POLICY).not.toContain('*')
  })

  it('is what the renderer build writes into index.html (the vite config transform), minus the header-only frame-ancestors', () => {
    const html = cspMetaPlugin().transformIndexHtml(readFileSync(join(root, 'src-renderer/index.html'), 'utf8'))
    const metas = metaPolicies(html)
    expect(metas).toEqual([contentSecurityPolicy({ meta: true })])
    const { 'frame-ancestors': framing, ...rest } = parse(CONTENT_SECURITY_POLICY)
    expect(framing).toBe("'none'")
    expect(parse(metas[0])).toEqual(rest)
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<script'))
  })

  it.skipIf(!existsSync(builtIndex))('is the one in the built out/renderer/index.html (skipped: no build; run `npm run build`)', () => {
    const metas = metaPolicies(readFileSync(builtIndex, 'utf8'))
    expect(metas).toEqual([contentSecurityPolicy({ meta: true })])
    expect(parse(metas[0])).toMatchObject(STRICT)
  })
})

describe('the headless host', () => {
  let host: HeadlessHost
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cio-sync-renderer-'))
    mkdirSync(join(dir, 'assets'))
    // a page as the build writes it, with the build's meta, so the host must replace it, not add one
    const page = cspMetaPlugin().transformIndexHtml('<!doctype html><html><head><meta charset="UTF-8" /><script type="module" src="./assets/app.js"></script></head><body></body></html>')
    writeFileSync(join(dir, 'index.html'), page)
    writeFileSync(join(dir, 'assets/app.js'), 'console.log(1)')
    host = await startHeadlessHost({ rendererDir: dir, invoke: async () => ({ ok: true, value: null }) })
  })
  afterAll(() => host.close())

  it('sends the same policy as header and meta, adding only its own socket (no port wildcard)', async () => {
    const port = new URL(host.origin).port
    const res = await fetch(`${host.origin}/`)
    const header = res.headers.get('content-security-policy')!
    const metas = metaPolicies(await res.text())
    expect(metas).toHaveLength(1)
    const sockets = `ws://127.0.0.1:${port} ws://localhost:${port}`
    expect(parse(header)).toEqual({ ...parse(CONTENT_SECURITY_POLICY), 'connect-src': `'self' ${sockets}` })
    const { 'frame-ancestors': _framing, ...headerMinusFraming } = parse(header)
    expect(parse(metas[0])).toEqual(headerMinusFraming)
    expect(header).not.toContain('*')
  })
})
