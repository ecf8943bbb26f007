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

/** A text encoding the user may choose instead of the detected one (issue 14). */
export type TextEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'

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
  /** the file's data rows, counted through the whole file after the inspection; null while counting or when it cannot be counted */
  totalRows: number | null
  counting: boolean
  mapping: Mapping | null
  /** the encoding the user chose for this file; null = the detected one */
  encoding: TextEncoding | null
  /** import rows holding bytes that are not UTF-8, each read as Windows-1252 */
  acceptStrayBytes: boolean
  error: FailedAction | null
  setKind: (kind: ImportKind) => void
  setSegmentId: (v: string) => void
  setCollectionName: (v: string) => void
  setDuplicates: (v: 'first' | 'last') => void
  setVia: (v: ImportRoute) => void
  chooseFile: (file: File) => void
  setMapping: (m: Mapping) => void
  /** reads the file again in `encoding` (null: detected); answers whether the header and so the mapping stayed as they were */
  setEncoding: (encoding: TextEncoding | null) => Promise<boolean>
  setAcceptStrayBytes: (v: boolean) => void
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
  const [totalRows, setTotalRows] = useState<number | null>(null)
  const [counting, setCounting] = useState(false)
  const [mapping, setMapping] = useState<Mapping | null>(null)
  const [encoding, setEncodingState] = useState<TextEncoding | null>(null)
  const [acceptStrayBytes, setAcceptStrayBytes] = useState(false)
  const [error, setError] = useState<FailedAction | null>(null)
  // Each new file or kind bumps this; answers of an older round are dropped.
  const round = useRef(0)

  // The whole file's rows, read through in the engine after the inspection has answered.
  const count = useCallback(async (id: string, mine: number, withEncoding: TextEncoding | null) => {
    setCounting(true)
    const r = await call((cio) => cio.imports.count({ source: { uploadId: id }, ...(withEncoding ? { encoding: withEncoding } : {}) }))
    if (mine !== round.current) return
    setCounting(false)
    setTotalRows(r.ok ? r.value.rows : null)
  }, [])

  const inspect = useCallback(async (id: string, forKind: ImportKind, mine: number, withEncoding: TextEncoding | null = null, keep: Mapping | null = null): Promise<boolean> => {
    setInspecting(true)
    setTotalRows(null)
    setCounting(false)
    const r = await call((cio) => cio.imports.inspect({ source: { uploadId: id }, kind: forKind, ...(withEncoding ? { encoding: withEncoding } : {}) }))
    if (mine !== round.current) return false
    setInspecting(false)
    if (!r.ok) {
      setError({ title: 'Could not read the file', error: r.error })
      return false
    }
    setInspection(r.value)
    if (r.value.fileErrors.length === 0) void count(id, mine, withEncoding)
    // a new encoding that reads the header the same keeps the user's mapping
    const kept = keep !== null && keep.columns.length === r.value.header.length && keep.columns.every((c, i) => c.column === r.value.header[i])
    setMapping(kept ? keep : { ...r.value.mapping, kind: forKind })
    return kept
  }, [count])

  const chooseFile = useCallback(
    (chosen: File) => {
      const mine = ++round.current
      setFile({ name: chosen.name, bytes: chosen.size })
      setEncodingState(null)
      setAcceptStrayBytes(false)
      setUploadId(null)
      setInspection(null)
      setTotalRows(null)
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
      void inspect(uploadId, next, mine, encoding)
    },
    [inspect, uploadId, encoding],
  )

  const setEncoding = useCallback(
    async (next: TextEncoding | null): Promise<boolean> => {
      setEncodingState(next)
      if (!uploadId) return false
      const mine = ++round.current
      setError(null)
      return inspect(uploadId, kind, mine, next, mapping)
    },
    [inspect, uploadId, kind, mapping],
  )

  const reset = useCallback(() => {
    round.current += 1
    setFile(null)
    setUploaded(null)
    setInspecting(false)
    setUploadId(null)
    setInspection(null)
    setTotalRows(null)
    setCounting(false)
    setMapping(null)
    setEncodingState(null)
    setAcceptStrayBytes(false)
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
    totalRows,
    counting,
    mapping,
    encoding,
    acceptStrayBytes,
    error,
    setKind,
    setSegmentId,
    setVia,
    setCollectionName,
    setDuplicates,
    chooseFile,
    setMapping,
    setEncoding,
    setAcceptStrayBytes,
    clearError: () => setError(null),
    reset,
  }
}
