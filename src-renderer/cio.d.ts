import type { CioApi } from '../src-main/contract'

declare global {
  interface Window {
    /** Provided by the preload (desktop) or the headless bridge script; absent in a plain browser. */
    cio: CioApi
  }
}

export {}
