// What the person panel reads: the person's detail from the mirror, their outbox entries not
// pushed yet, and the workspace's segments (names, and which are manual). Read again after a pull
// and whenever the outbox changes.
import { useEffect, useMemo, useState } from 'react'
import { call, type IpcError, type OutboxEntryView, type PersonDetail, type SegmentRow } from '../../api'
import { useChanges } from '../../state/changes'
import { useJobs } from '../../state/jobs'

export interface PersonData {
  /** null while loading (or when the read failed) */
  detail: PersonDetail | null
  entries: OutboxEntryView[]
  segments: SegmentRow[]
  segmentNames: ReadonlyMap<number, string>
  error: IpcError | null
  retry: () => void
}

export function usePersonDetail(workspaceId: string, pk: number): PersonData {
  const { mirrorVersion } = useJobs()
  const { version } = useChanges()
  const [detail, setDetail] = useState<PersonDetail | null>(null)
  const [entries, setEntries] = useState<OutboxEntryView[]>([])
  const [segments, setSegments] = useState<SegmentRow[]>([])
  const [error, setError] = useState<IpcError | null>(null)
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    let alive = true
    setError(null)
    void Promise.all([call((cio) => cio.people.get({ workspaceId, pk })), call((cio) => cio.changes.outbox({ workspaceId, personPk: pk, limit: 1000 }))]).then(
      ([person, outbox]) => {
        if (!alive) return
        if (person.ok) setDetail(person.value)
        else setError(person.error)
        // Without the outbox the panel still shows the person; pending marks come from the row.
        setEntries(outbox.ok ? outbox.value.entries.filter((e) => e.personPk === pk && e.state !== 'sent') : [])
      },
    )
    return () => {
      alive = false
    }
  }, [workspaceId, pk, mirrorVersion, version, attempt])

  useEffect(() => {
    let alive = true
    void call((cio) => cio.segments.list({ workspaceId })).then((r) => {
      if (alive && r.ok) setSegments(r.value.segments)
    })
    return () => {
      alive = false
    }
  }, [workspaceId, mirrorVersion])

  const segmentNames = useMemo(() => new Map(segments.map((s) => [s.id, s.name])), [segments])
  const shown = detail && detail.person.pk === pk ? detail : null
  return { detail: shown, entries: shown ? entries.filter((e) => e.personPk === pk) : [], segments, segmentNames, error, retry: () => setAttempt((a) => a + 1) }
}
