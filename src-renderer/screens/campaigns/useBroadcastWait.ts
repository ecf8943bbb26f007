// The broadcast trigger countdown: Customer.io takes one trigger per 10 seconds per workspace. The
// engine answers how many seconds are left (`broadcastWait`, and `waitSeconds` on every trigger);
// this keeps a deadline and ticks once a second so the screen can show "next trigger in 7 s".
import { useCallback, useEffect, useState } from 'react'
import { call } from '../../api'

export function useBroadcastWait(workspaceId: string) {
  const [until, setUntil] = useState(0)
  const [now, setNow] = useState(() => Date.now())

  // Ask once when the form opens: a trigger from the CLI or another window also counts.
  useEffect(() => {
    let alive = true
    void call((cio) => cio.messaging.broadcastwait({ workspaceId })).then((r) => {
      if (alive && r.ok && r.value.waitSeconds > 0) setUntil(Date.now() + r.value.waitSeconds * 1000)
    })
    return () => {
      alive = false
    }
  }, [workspaceId])

  const waiting = until > now
  useEffect(() => {
    if (!waiting) return
    const t = window.setInterval(() => setNow(Date.now()), 250)
    return () => window.clearInterval(t)
  }, [waiting])

  /** Starts (or extends) the countdown from an answer's `waitSeconds`. */
  const waitFor = useCallback((seconds: number) => {
    const at = Date.now()
    setNow(at)
    if (seconds > 0) setUntil((u) => Math.max(u, at + seconds * 1000))
  }, [])

  return { seconds: waiting ? Math.ceil((until - now) / 1000) : 0, waitFor }
}
