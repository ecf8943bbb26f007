// The renderer's Content-Security-Policy, in one place. Three things deliver it and all three are
// built from this file: the Electron shell's response header (shell/window.ts), the <meta> tag the
// renderer build writes into out/renderer/index.html (the vite plugin below, used by
// electron.vite.config.ts), and the headless host's header and served index.html (host/), which
// adds only its own WebSocket address. Before, the built page carried a weaker hand-written copy
// (connect-src ws://127.0.0.1:*, no object-src, base-uri or form-action) that no test compared.

type Directives = Record<string, readonly string[]>

const BASE: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // React and uPlot set style attributes; no inline *scripts* are ever allowed
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  // Electron talks over IPC, which CSP does not govern: the page itself connects nowhere
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
}

/** Browsers ignore these in a <meta> policy (and warn); they are only ever sent as a header. */
const HEADER_ONLY = ['frame-ancestors']

export interface CspOptions {
  /** extra connect-src sources: the headless host's exact ws://127.0.0.1:<port> (never a wildcard) */
  connect?: readonly string[]
  /** the <meta> form: without the header-only directives */
  meta?: boolean
}

export function contentSecurityPolicy(opts: CspOptions = {}): string {
  return Object.entries(BASE)
    .filter(([name]) => !(opts.meta && HEADER_ONLY.includes(name)))
    .map(([name, sources]) => [name, ...sources, ...(name === 'connect-src' ? (opts.connect ?? []) : [])].join(' '))
    .join('; ')
}

/** The header the Electron shell sends with every response to its window. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

const META = /<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>\s*/i

/**
 * The page with exactly one CSP <meta>, the given policy (in its meta form), at the top of <head>
 * (after the charset) so it governs every script and style after it. An existing one is replaced,
 * never kept beside the new one: two policies would both apply.
 */
export function withCspMeta(html: string, opts: Omit<CspOptions, 'meta'> = {}): string {
  const tag = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ ...opts, meta: true })}" />`
  const without = html.replace(META, '')
  const anchor = /<meta\s+charset=[^>]*>/i.exec(without) ?? /<head[^>]*>/i.exec(without)
  if (!anchor) throw new Error('index.html has no <head>: cannot place its Content-Security-Policy')
  const at = anchor.index + anchor[0].length
  return `${without.slice(0, at)}\n    ${tag}${without.slice(at)}`
}

/**
 * A vite plugin for the renderer build: writes the policy into index.html. Build only: the dev
 * server's React refresh needs an inline script and a socket of its own.
 */
export function cspMetaPlugin(): { name: string; apply: 'build'; transformIndexHtml: (html: string) => string } {
  return { name: 'cio-sync-csp-meta', apply: 'build', transformIndexHtml: (html) => withCspMeta(html) }
}
