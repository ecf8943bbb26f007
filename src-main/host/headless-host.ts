import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { resolve } from 'node:path'
import { contentSecurityPolicy, withCspMeta } from '../security/csp'
import { bridgeScript } from './bridge-script'
import { injectBridge, readStatic } from './static-files'
import { WsTransport, type Invoke } from './ws-transport'

export interface HeadlessHostOptions {
  port?: number
  rendererDir?: string
  invoke: Invoke
}

export interface HeadlessHost {
  /** the address to open, with the session token */
  url: string
  origin: string
  token: string
  broadcast(event: string, payload: unknown): void
  close(): Promise<void>
}

/** The built renderer: out/renderer from the repo root, whether we run from source or from out/main. */
export function defaultRendererDir(): string {
  const candidates = [resolve(__dirname, '../../out/renderer'), resolve(__dirname, '../renderer')]
  return candidates.find((d) => existsSync(resolve(d, 'index.html'))) ?? candidates[0]
}

/**
 * `cio-sync serve`: the real UI in any browser on this machine, talking to the real services over
 * the WebSocket transport. Listens on 127.0.0.1 only; the token in the URL is the session's key.
 */
export async function startHeadlessHost(opts: HeadlessHostOptions): Promise<HeadlessHost> {
  const rendererDir = opts.rendererDir ?? defaultRendererDir()
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new Error(`the UI is not built (no ${rendererDir}/index.html); run \`npm run build\` first`)
  }
  const token = randomBytes(24).toString('base64url')
  const bridge = bridgeScript()
  let port = 0
  const hosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]
  const origins = () => hosts().map((h) => `http://${h}`)

  const server = createServer((req, res) => void serve(req, res))
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding guard: only our own host names reach the UI.
    if (!hosts().includes(req.headers.host ?? '')) return void res.writeHead(421).end('misdirected request')
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end()
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname
    // The app's one policy (security/csp.ts) plus this host's own socket, as header and as the
    // page's <meta>, so the two never say different things.
    const connect = hosts().map((h) => `ws://${h}`)
    const headers = {
      'Content-Security-Policy': contentSecurityPolicy({ connect }),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    }
    if (path === '/cio-bridge.js') return void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(bridge)
    const file = await readStatic(rendererDir, path)
    if (!file) return void res.writeHead(404, headers).end('not found')
    const body = path === '/' || path.endsWith('/index.html') ? Buffer.from(withCspMeta(injectBridge(file.body.toString('utf8')), { connect })) : file.body
    res.writeHead(200, { ...headers, 'Content-Type': file.type }).end(req.method === 'HEAD' ? undefined : body)
  }

  const transport = new WsTransport(server, token, hosts, origins, opts.invoke)
  await new Promise<void>((res, rej) => {
    server.once('error', rej)
    server.listen(opts.port ?? 0, '127.0.0.1', () => res())
  })
  port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  return {
    url: `${origin}/?token=${token}`,
    origin,
    token,
    broadcast: (event, payload) => transport.broadcast(event, payload),
    close: async () => {
      transport.close()
      server.closeAllConnections()
      await new Promise<void>((res) => server.close(() => res()))
    },
  }
}
