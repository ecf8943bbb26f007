import type { CioEventName, CioEventPayload } from '../contract'

/** How services publish typed events; the engine forwards them to every window and socket. */
export interface EventSink {
  emit<N extends CioEventName>(name: N, payload: CioEventPayload<N>): void
}
