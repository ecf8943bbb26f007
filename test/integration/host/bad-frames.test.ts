import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { spawnRuntimeChild, type RuntimeChild } from '../support/child-process'

// A client with the token sends a frame the transport must refuse (over the 8 MiB limit, or text
// that is not UTF-8). ws reports both as an 'error' on that socket; unheard, it was an uncaught
// exception that ended `cio-sync serve`. The host runs in its own process so a crash shows.

let child: RuntimeChild
let origin: string
let token: string

beforeAll(async () => {
  child = spawnRuntimeChild(join(__dirname, 'host-child.ts'), {})
  const deadline = Date.now() + 20_000
  while (child.lines.length === 0) {
    if (Date.now() > deadline || child.proc.exitCode !== null) throw new Error(`host child did not start: ${await child.exited}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  ;({ origin, token } = child.lines[0] as { origin: string; token: string })
})
afterAll(async () => {
  if (child.proc.exitCode === null) {
    child.proc.kill('SIGTERM')
    await child.exited
  }
})

function connect(): Promise<WebSocket> {
  return new Promise((res, rej) => {
    const ws = new WebSocket(`${origin.replace('http', 'ws')}/ipc?token=${token}`, { origin })
    ws.once('open', () => res(ws))
    ws.once('error', rej)
  })
}

/** Sends `data` and resolves with the close code the server chose. */
function closeCodeAfter(ws: WebSocket, data: Buffer, binary: boolean): Promise<number> {
  return new Promise((res) => {
    ws.on('error', () => undefined) // the server may reset the socket while the big frame is still going out
    ws.once('close', (code) => res(code))
    ws.send(data, { binary })
  })
}

describe('bad frames from a client with the token', () => {
  it('close that connection only: a frame over 8 MiB and one with invalid UTF-8 leave the host serving others', async () => {
    const big = await connect()
    const bystander = await connect()
    // 1009: message too big; the limit is the transport's maxPayload
    expect(await closeCodeAfter(big, Buffer.alloc(8 * 1024 * 1024 + 1, 0x61), false)).toBe(1009)

    const garbled = await connect()
    // 0xC3 0x28 is an invalid two-byte sequence; sent as a text frame, ws must reject it (1007)
    expect(await closeCodeAfter(garbled, Buffer.from([0x7b, 0xc3, 0x28, 0x7d]), false)).toBe(1007)

    await new Promise((r) => setTimeout(r, 200))
    expect(child.proc.exitCode).toBeNull()

    // the client that was already connected and a new one both still get answers
    for (const ws of [bystander, await connect()]) {
      const answer = await new Promise<{ id: number; result: { ok: boolean } }>((res) => {
        ws.once('message', (d) => res(JSON.parse(d.toString())))
        ws.send(JSON.stringify({ id: 1, channel: 'app:app:info', input: {} }))
      })
      expect(answer).toMatchObject({ id: 1, result: { ok: true } })
      ws.close()
    }
  })
})
