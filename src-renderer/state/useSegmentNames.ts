// Segment names by id for the active workspace, so `segment:<id>` fields (ChangeView's fieldName)
// read as names on the Changes and Conflicts screens. Read again after every pull, which may have
// renamed, added or removed segments; without an answer the ids show as they are.
import { useEffect, useState } from 'react'
import { call } from '../api'
import { useJobs } from './jobs'

export function useSegmentNames(workspaceId: string | null): ReadonlyMap<number, string> {
  const { mirrorVersion } = useJobs()
  const [segmentNames, setSegmentNames] = useState<ReadonlyMap<number, string>>(new Map())

  useEffect(() => {
    if (!workspaceId) return
    let alive = true
    void call((cio) => cio.segments.list({ workspaceId })).then((r) => {
      if (alive && r.ok) setSegmentNames(new Map(r.value.segments.map((s) => [s.id, s.name])))
    })
    return () => {
      alive = false
    }
  }, [workspaceId, mirrorVersion])

  return segmentNames
}
