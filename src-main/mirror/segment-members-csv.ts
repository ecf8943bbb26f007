import type Database from 'better-sqlite3'
import { csvLine } from '../csv/csv-out'
import { AppError } from '../contract/result'
import { SegmentsRepo } from '../db/segments-repo'
import { WS_OF_ID } from '../db/workspace-key'

// "Export members (CSV)" of the Segments screen: the current members of one segment as the mirror
// holds them, for a spreadsheet. Cells go through the same formula neutralising as every CSV the
// app writes (csv-out.ts): ids and emails come from Customer.io, which accepts "=cmd|…" as text.
// `joined` is when a pull first saw the person in the segment; it is empty for the members of the
// segment's first read (the baseline), who were members before the mirror first looked.

const HEADER = ['id', 'email', 'cio_id', 'joined'] as const

interface MemberLine {
  id: string | null
  email: string | null
  cioId: string
  joinedAt: number
}

/** A file name from the segment's name: letters, digits and dashes only, never empty. */
export function membersFileName(segmentName: string, segmentId: number): string {
  const slug = segmentName
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .toLowerCase()
    .slice(0, 60)
  return `${slug || `segment-${segmentId}`}-members.csv`
}

export function segmentMembersCsv(sqlite: Database.Database, workspaceId: string, segmentId: number): { fileName: string; csv: string; rows: number } {
  const segment = new SegmentsRepo(sqlite).find(workspaceId, segmentId)
  if (!segment) throw new AppError('NOT_FOUND', `No segment ${segmentId} in the local mirror of this workspace. Pull segments to refresh the list.`)
  const members = sqlite
    .prepare(
      `SELECT p.id AS id, p.email AS email, m.cio_id AS cioId, m.joined_at AS joinedAt
         FROM segment_members m LEFT JOIN people p ON p.ws = (SELECT ws FROM workspaces WHERE id = ?) AND p.cio_id = m.cio_id
        WHERE m.ws = ${WS_OF_ID} AND m.segment_id = ? AND m.left_at IS NULL ORDER BY m.cio_id`,
    )
    .iterate(workspaceId, workspaceId, segmentId) as IterableIterator<MemberLine>
  const lines = [csvLine(HEADER)]
  for (const m of members) {
    const joined = m.joinedAt === segment.baselineAt ? '' : new Date(m.joinedAt).toISOString()
    lines.push(csvLine([m.id ?? '', m.email ?? '', m.cioId, joined]))
  }
  return { fileName: membersFileName(segment.name, segmentId), csv: lines.join('\r\n') + '\r\n', rows: lines.length - 1 }
}
