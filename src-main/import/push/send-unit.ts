// One request of an import push, as every kind's unit builder makes them (units.ts,
// pipelines-units.ts) and the push runner sends them.

import type { CioClientSet } from '../../cio/client-set'
import type { RowResult } from '../import-repo'

export interface SendUnit {
  rows: number[]
  bytes: number
  ops: number
  /** repeating the request converges (see ops.ts); a lost answer may then be resent */
  idempotent: boolean
  /** sends the request; resolves with the refused rows' messages, keyed by index into `rows` */
  send(cio: CioClientSet, signal: AbortSignal): Promise<Map<number, string>>
}

/** Rows that cannot become a request at all, rejected without a call. */
export interface Unsendable {
  row: number
  message: string
}

export interface UnitBuilder {
  /** takes the next pending rows; returns the units they filled and the rows that cannot be sent */
  add(rows: RowResult[]): { units: SendUnit[]; unsendable: Unsendable[] }
  /** whatever is left after the last rows */
  flush(): SendUnit[]
}
