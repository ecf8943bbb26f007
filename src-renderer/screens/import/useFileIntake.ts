// The first two steps' state: the import kind and its options, the chosen file, its chunked
// upload, the engine's inspection (encoding, delimiter, sample, suggested mapping) and the mapping
// the user edits. A new file or kind starts again from a fresh inspection.
import { useCallback, useRef, useState } from 'react'
import { call, type IpcError } from '../../api'
import type { ImportKind, Inspection, Mapping } from './importKinds'
import { uploadFile } from './uploadFile'

export interface ChosenFile {
  name: string
  bytes: number
}

export interface FailedAction {
  title: string
  error: IpcError
}

/** How rows are sent: Track API v2 batches, or Data Pipelines batches with the write key. */
export type ImportRoute = 'track' | 'pipelines'

export interface FileIntake {
  kind: ImportKind
  segmentId: string
  collectionName: string
  duplicates: 'first' | 'last'
  /** people and events: Track v2 (default) or the Data Pipelines API */
  via: ImportRoute
  file: ChosenFile | null
  /** bytes sent so far while uploading; null when no upload runs */
  uploaded: number | null
  inspecting: boolean
  uploadId: string | null
  inspection: Inspection | null
  mapping: Mapping | null
  error: FailedAction | null
  setKind: (kind: ImportKind) => void
  setSegmentId: (v: string) => void
  setCollectionName: (v: string) => void
  setDuplicates: (v: 'first' | 'last') => void
  setVia: (v: ImportRoute) => void
  chooseFile: (file: File) => void
  setMapping: (m: Mapping) => void
  clearError: () => void
  reset: () => void
}

export function useFileIntake(): FileIntake {
  const [kind, setKindState] = useState<ImportKind>('people')
  const [segmentId, setSegmentId] = useState('')
  const [collectionName, setCollectionName] = useState('')
  const [duplicates, setDuplicates] = useState<'first' | 'last'>('last')
  const [via, setVia] = useState<ImportRoute>('track')
  const [file, setFile] = useState<ChosenFile | null>(null)
  const [uploaded, setUploaded] = useState<number | null>(null)
  const [inspecting, setInspecting] = useState(false)
  const [uploadId, setUploadId] = useState<string | null>(null)
  const [inspection, setInspection] = useState<Inspection | null>(null)
  const [mapping, setMapping] = useState<Mapping | null>(null)
  const [error, setError] = useState<FailedAction | null>(null)
  // Each new file or kind bumps this; answers of an older round are dropped.
  const round = useRef(0)

  const inspect = useCallback(async (id: string, forKind: ImportKind, mine: number) => {
    setInspecting(true)
    const r = await call((cio) => cio.imports.inspect({ source: { uploadId: id }, kind: forKind }))
    if (mine !== round.current) return
    setInspecting(false)
    if (!r.ok) {
      setError({ title: 'Could not read the file', error: r.error })
      return
    }
    setInspection(r.value)
    setMapping({ ...r.value.mapping, kind: forKind })
  }, [])

  const chooseFile = useCallback(
    (chosen: File) => {
      const mine = ++round.current
      setFile({ name: chosen.name, bytes: chosen.size })
      setUploadId(null)
      setInspection(null)
      setMapping(null)
      setError(null)
      setUploaded(0)
      void uploadFile(chosen, (sent) => mine === round.current && setUploaded(sent), () => mine !== round.current).then((r) => {
        if (mine !== round.current) return
        setUploaded(null)
        if (!r.ok) {
          setError({ title: `Could not upload “${chosen.name}”`, error: r.error })
          return
        }
        setUploadId(r.uploadId)
        void inspect(r.uploadId, kind, mine)
      })
    },
    [inspect, kind],
  )

  const setKind = useCallback(
    (next: ImportKind) => {
      setKindState(next)
      if (!uploadId) return
      const mine = ++round.current
      setInspection(null)
      setMapping(null)
      setError(null)
      void inspect(uploadId, next, mine)
    },
    [inspect, uploadId],
  )

  const reset = useCallback(() => {
    round.current += 1
    setFile(null)
    setUploaded(null)
    setInspecting(false)
    setUploadId(null)
    setInspection(null)
    setMapping(null)
    setError(null)
  }, [])

  return {
    kind,
    segmentId,
    collectionName,
    duplicates,
    via,
    file,
    uploaded,
    inspecting,
    uploadId,
    inspection,
    mapping,
    error,
    setKind,
    setSegmentId,
    setVia,
    setCollectionName,
    setDuplicates,
    chooseFile,
    setMapping,
    clearError: () => setError(null),
    reset,
  }
}
