// One line per import for the Recent imports list, read at a glance: "Imported 1,198 rows · 2
// rejected", "Planned 1,200 rows: 3 to create, 40 to update · not sent". Pure: from the import's
// summary only; the details on expand give every count.
import type { ImportSummary } from './importKinds'
import { formatCount } from '../../components/format'

type Summary = Pick<ImportSummary, 'state' | 'rows' | 'create' | 'update' | 'unchanged' | 'invalid' | 'delete' | 'push'>

const rowsOf = (n: number) => `${formatCount(n)} ${n === 1 ? 'row' : 'rows'}`

function planned(s: Summary): string {
  const parts = [
    s.create ? `${formatCount(s.create)} to create` : '',
    s.update ? `${formatCount(s.update)} to update` : '',
    s.delete ? `${formatCount(s.delete)} to delete` : '',
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'nothing to change'
}

/** The state in words a user knows (the list's State column). */
export function importStateLabel(state: string): string {
  switch (state) {
    case 'planning':
      return 'Planning'
    case 'planned':
      return 'Planned, not sent'
    case 'plan-failed':
      return 'Plan failed'
    case 'plan-interrupted':
      return 'Plan stopped'
    case 'plan-cancelled':
      return 'Plan cancelled'
    case 'discarded':
      return 'Discarded'
    case 'pushing':
      return 'Sending'
    case 'paused':
      return 'Paused'
    case 'pushed':
      return 'Sent'
    case 'push-failed':
      return 'Send failed'
    default:
      return state
  }
}

export function importSummaryLine(s: Summary): string {
  const invalid = s.invalid ? ` · ${formatCount(s.invalid)} invalid` : ''
  const sent = s.push ? `${formatCount(s.push.accepted)} of ${rowsOf(s.rows)} sent` : ''
  switch (s.state) {
    case 'planning':
      return `Planning ${rowsOf(s.rows)}…`
    case 'planned':
      return `Planned ${rowsOf(s.rows)}: ${planned(s)}${invalid} · not sent yet`
    case 'discarded':
      return `Plan of ${rowsOf(s.rows)} discarded · not sent`
    case 'plan-failed':
    case 'plan-interrupted':
    case 'plan-cancelled':
      return `Plan of ${rowsOf(s.rows)} did not finish · not sent`
    case 'pushing':
      return `Sending ${rowsOf(s.rows)}…`
    case 'paused':
      return `Paused${sent ? ` after ${sent}` : ''} · push again to continue`
    case 'push-failed':
      return `Send failed${sent ? ` after ${sent}` : ''}`
    case 'pushed': {
      const accepted = s.push?.accepted ?? 0
      const rejected = s.push?.rejected ? ` · ${formatCount(s.push.rejected)} rejected` : ''
      return `Imported ${rowsOf(accepted)}${rejected}${invalid}`
    }
    default:
      return `${rowsOf(s.rows)}`
  }
}
