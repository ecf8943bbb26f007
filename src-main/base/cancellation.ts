// How cancelled work ends, for every layer that waits or reads on behalf of a job: the error a
// cancelled wait or read throws, and a sleep that a job's AbortSignal cuts short. Why a job was
// stopped (a cancel or the engine's shutdown) is the job's to say: JobContext.stopReason().

import { AppError } from '../contract/result'

/** The error work throws when its signal was aborted (the job service then records 'cancelled'). */
export function cancelled(): AppError {
  return new AppError('CANCELLED', 'cancelled')
}

/** Waits `ms`; rejects with cancelled() as soon as `signal` aborts (or at once if it already has). */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled())
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, Math.max(0, ms))
    const onAbort = () => {
      clearTimeout(timer)
      reject(cancelled())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
