import { personEntityKey } from '../base/entity-key'
import { isPlainObject, parseJson } from '../db/sql-cache'

// Which audit_log entries (our own pushes and imports) touched one person, and a one-line summary
// of each. audit_log.results is each writer's own JSON (schema-changes.ts types it `unknown`): per
// row results that name a person by entity key (`person:<pk>`) or by identifier fields (id,
// email, cio_id). Both are recognised, anywhere in the structure; a bare string equal to the id
// elsewhere (a file name, a message) is not taken as a mention.

export interface AuditEntryRow {
  at: number
  action: string
  fileName: string | null
  counts: string | null
  results: string | null
}

export interface PersonIdentity {
  pk: number
  id: string | null
  email: string | null
  cioId: string | null
}

const ENTITY_KEYS = new Set(['entity_key', 'entityKey', 'entity'])
const OUTCOME_KEYS = ['outcome', 'status', 'result', 'bucket']

/** The object in `value` that names the person, or null. */
export function findMention(value: unknown, who: PersonIdentity): Record<string, unknown> | null {
  const entityKey = personEntityKey(who.pk)
  const stack: unknown[] = [value]
  while (stack.length > 0) {
    const node = stack.pop()
    if (Array.isArray(node)) {
      stack.push(...node)
      continue
    }
    if (!isPlainObject(node)) continue
    for (const [key, v] of Object.entries(node)) {
      if (typeof v === 'string') {
        if (ENTITY_KEYS.has(key) && v === entityKey) return node
        if (key === 'id' && who.id !== null && v === who.id) return node
        if ((key === 'cio_id' || key === 'cioId') && who.cioId !== null && v === who.cioId) return node
        if (key === 'email' && who.email !== null && v.toLowerCase() === who.email.toLowerCase()) return node
      } else if (typeof v === 'object' && v !== null) {
        stack.push(v)
      }
    }
  }
  return null
}

/** "people.csv: updated 3, created 1 · this person: accepted" */
export function summarize(entry: AuditEntryRow, mention: Record<string, unknown>): string {
  const parts: string[] = []
  const counts = parseJson<unknown>(entry.counts, {})
  const countText = isPlainObject(counts)
    ? Object.entries(counts)
        .filter(([, n]) => typeof n === 'number' && n > 0)
        .map(([k, n]) => `${k} ${n as number}`)
        .join(', ')
    : ''
  const head = [entry.fileName, countText].filter((s) => s).join(': ')
  if (head) parts.push(head)
  const outcome = OUTCOME_KEYS.map((k) => mention[k]).find((v) => typeof v === 'string')
  if (outcome) parts.push(`this person: ${outcome as string}`)
  return parts.length > 0 ? parts.join(' · ') : entry.action
}

export function auditMentions(entries: AuditEntryRow[], who: PersonIdentity): { at: number; action: string; summary: string }[] {
  return entries.flatMap((entry) => {
    const mention = findMention(parseJson<unknown>(entry.results, null), who)
    return mention ? [{ at: entry.at, action: entry.action, summary: summarize(entry, mention) }] : []
  })
}
