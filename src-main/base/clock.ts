import { abortableSleep } from './cancellation'

// Time as the rate governors, retries and polls see it: tests give a fake one that advances
// instantly, the app the real one. Cancellable sleeps end at once when their signal aborts.

export interface Clock {
  now(): number
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: abortableSleep,
}
