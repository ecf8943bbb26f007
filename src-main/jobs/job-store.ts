/** A job as the mirror keeps it, so history survives and an interrupted job can resume. */
export interface JobRow {
  id: string
  workspaceId: string | null
  kind: string
  trigger: string
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
  phase: string
  done: number
  total: number | null
  checkpoint: unknown
  options: unknown
  message: string | null
  startedAt: number
  finishedAt: number | null
}

export interface JobStore {
  insert(row: JobRow): void
  update(id: string, patch: Partial<Omit<JobRow, 'id'>>): void
  get(id: string): JobRow | undefined
  listRecent(limit: number): JobRow[]
  listUnfinished(): JobRow[]
}
