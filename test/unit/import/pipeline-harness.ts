// Runs one file through the whole front half of the import (sniff → readRows → suggestMapping →
// validator) the way the import service does, collecting what a user would be told.

import { basename } from 'node:path'
import { suggestMapping } from '../../../src-main/import/mapping'
import { CsvReadError, readRows } from '../../../src-main/csv/read-rows'
import { sniffFile } from '../../../src-main/csv/sniff'
import { IMPORT_KINDS } from '../../../src-main/contract/imports'
import { type CanonicalRecord, type ImportKind, type ImportOptions, type Mapping, type RowError, type SniffResult } from '../../../src-main/import/types'
import { createValidator } from '../../../src-main/import/validate'

export interface PipelineOutcome {
  kind: ImportKind
  sniff: SniffResult
  mapping: Mapping | null
  fileErrors: string[]
  readError: CsvReadError | null
  /** data rows yielded by readRows */
  rows: number
  records: CanonicalRecord[]
  errors: RowError[]
}

/** The kind a corpus file is imported as: its name's prefix, else people. */
export function kindOfFile(path: string): ImportKind {
  const name = basename(path)
  return [...IMPORT_KINDS].sort((a, b) => b.length - a.length).find((kind) => kind !== 'people' && name.startsWith(`${kind}-`)) ?? 'people'
}

export async function runPipeline(path: string, options: Partial<ImportOptions> = {}): Promise<PipelineOutcome> {
  const kind = options.kind ?? kindOfFile(path)
  const sniff = await sniffFile(path)
  const outcome: PipelineOutcome = { kind, sniff, mapping: null, fileErrors: sniff.fileErrors, readError: null, rows: 0, records: [], errors: [] }
  if (sniff.fileErrors.length > 0) return outcome

  const mapping = suggestMapping(kind, sniff.header, sniff.sample, { identifierType: options.identifierType, blank: options.blank, map: options.map })
  outcome.mapping = mapping
  const validate = createValidator(mapping, { ...options, kind }, { fileSha256: sniff.sha256, fileName: sniff.fileName })
  try {
    for await (const batch of readRows(path, sniff)) {
      for (const raw of batch) {
        outcome.rows++
        const { record, errors } = validate(raw)
        if (record) outcome.records.push(record)
        outcome.errors.push(...errors)
      }
    }
  } catch (err) {
    // The one error readRows may throw for a file it cannot finish; anything else is a crash.
    if (!(err instanceof CsvReadError)) throw err
    outcome.readError = err
  }
  // A header-only file never calls the validator: its mapping problems still count.
  if (outcome.rows === 0) outcome.errors.push(...validate.mappingErrors)
  return outcome
}
