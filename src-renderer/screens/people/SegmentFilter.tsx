// "People in this segment": a filter set from the address, #/people?segment=ID (the Segments
// screen's "Open in People"), shown as a chip that removes it. It lives in the address so the
// view can be linked and Back returns to the unfiltered list.
import { useCallback, useEffect, useState } from 'react'
import { useSegmentNames } from '../../state/useSegmentNames'

/** The segment id in the hash's query (`#/people?segment=12`), or null. */
export function segmentFromHash(hash: string): number | null {
  const query = hash.split('?')[1]
  if (!query) return null
  const raw = new URLSearchParams(query).get('segment')
  const id = raw === null || raw.trim() === '' ? NaN : Number(raw)
  return Number.isSafeInteger(id) ? id : null
}

export interface SegmentFilter {
  segmentId: number | null
  /** the segment's name once the list is read; its id until then */
  label: string
  clear: () => void
}

export function useSegmentFilter(workspaceId: string | null): SegmentFilter {
  const [segmentId, setSegmentId] = useState<number | null>(() => segmentFromHash(window.location.hash))
  const names = useSegmentNames(workspaceId)
  useEffect(() => {
    const onChange = () => setSegmentId(segmentFromHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  const clear = useCallback(() => {
    window.location.hash = '#/people'
  }, [])
  const label = segmentId === null ? '' : (names.get(segmentId) ?? `segment ${segmentId}`)
  return { segmentId, label, clear }
}

export function SegmentFilterChip({ filter }: { filter: SegmentFilter }) {
  if (filter.segmentId === null) return null
  return (
    <ul className="chips" aria-label="Segment filter">
      <li className="chip">
        <span className="chip-op">in segment</span> <strong>{filter.label}</strong>
        <button type="button" className="icon-button" aria-label={`Remove filter: in segment ${filter.label}`} onClick={filter.clear}>
          ×
        </button>
      </li>
    </ul>
  )
}
