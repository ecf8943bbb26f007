import type { IncomingMessage, Server } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallContext } from '../ipc/dispatch'
import type { Result } from '../contract/result'

export type Invoke = (channel: string, input: unknown, ctx: CallContext) => Promise<Result<unknown>>

const MAX_FRAME_BYTES = 8 * 1024 * 1024

/**
 * The IPC contract over a WebSocket on the loopback interface, for the headless host and tests.
 * A connection must carry the session token and come from the host's own origin; every frame is
 * `{ id, channel, input }` and is answered `{ id, result }`. Events are pushed as `{ event, payload }`.
 */
export class WsTransport {
  private readonly wss: WebSocketServer
  private readonly clients = new Set<WebSocket>()

  constructor(
    server: Server,
    private readonly token: string,
    /** the Host header values the HTTP side accepts too (127.0.0.1:port, localhost:port) */
    private readonly allowedHosts: () => string[],
    private readonly allowedOrigins: () => string[],
    private readonly invoke: Invoke,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES })
    server.on('upgrade', (req, socket, head) => {
      // until ws takes the socket over, a reset from the peer must not be an uncaught 'error'
      socket.on('error', () => socket.destroy())
      const refusal = this.refuse(req)
      if (refusal) {
        socket.write(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
        socket.destroy()
        return
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws))
    })
  }

  broadcast(event: string, payload: unknown): void {
    const frame = JSON.stringify({ event, payload })
    for (const ws of this.clients) if (ws.readyState === ws.OPEN) ws.send(frame)
  }

  close(): void {
    for (const ws of this.clients) ws.terminate()
    this.wss.close()
  }

  /** Why a connection is refused (an HTTP status line), or null to accept it. */
  private refuse(req: IncomingMessage): string | null {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // DNS rebinding guard, as on the HTTP side: a name that resolves to 127.0.0.1 but is not ours
    // (evil.example) reaches this port only through a rebinding trick. Checked before the origin,
    // since a non-browser client may send no Origin at all.
    if (!this.allowedHosts().includes(req.headers.host ?? '')) return '421 Misdirected Request'
    if (url.pathname !== '/ipc') return '404 Not Found'
    const origin = req.headers.origin
    // Browsers always send Origin on a WebSocket handshake; a missing one is a non-browser client
    // on this machine, which still needs the token.
    if (origin !== undefined && !this.allowedOrigins().includes(origin)) return '403 Forbidden'
    if (!sameSecret(url.searchParams.get('token') ?? '', this.token)) return '401 Unauthorized'
    return null
  }

  private accept(ws: WebSocket): void {
    this.clients.add(ws)
    ws.on('close', () => this.clients.delete(ws))
    // A frame over maxPayload (1009) or text that is not UTF-8 (1007): ws has already sent the close
    // frame with that code (and destroys the socket if the peer never answers) before it emits
    // 'error'. Unheard, that error is an uncaught exception that ends the whole host; one client's
    // bad frame must only end its own connection, so there is nothing left to do here.
    ws.on('error', () => undefined)
    ws.on('message', (data) => void this.onFrame(ws, data.toString()))
  }

  private async onFrame(ws: WebSocket, text: string): Promise<void> {
    let frame: { id?: unknown; channel?: unknown; input?: unknown }
    try {
      frame = JSON.parse(text)
    } catch {
      ws.send(JSON.stringify({ id: null, result: { ok: false, error: { code: 'VALIDATION', message: 'frame is not JSON', retryable: false } } }))
      return
    }
    const id = typeof frame.id === 'number' ? frame.id : null
    const result =
      typeof frame.channel === 'string'
        ? await this.invoke(frame.channel, frame.input, { transport: 'websocket' })
        : ({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'frame has no channel', retryable: false } } as const)
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }))
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}
