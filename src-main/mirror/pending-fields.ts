import type { StatementCache } from './sql-cache'
import { isPlainObject, parseJson } from './sql-cache'

// Which attributes of a person have a local edit not yet in Customer.io (outbox rows not sent:
// pending, on the wire, failed or held by a conflict, with entity_key `person:<pk>`), so the table and the panel can mark them. The outbox payload is each
// op's own shape (schema-changes.ts types it `unknown`); a person edit carries its attributes as
// `{ attributes: {...} }`, as a FieldChanges map `{ changes: {...} }`, or (identify) as a flat
// object of attributes beside its identifiers. All three are read here.

const IDENTIFIER_KEYS = new Set(['id', 'cio_id', 'identifiers', 'type', 'action'])

export function pendingAttributeNames(op: string, payload: unknown): string[] {
  if (!isPlainObject(payload)) return []
  if (isPlainObject(payload.attributes)) return Object.keys(payload.attributes)
  if (isPlainObject(payload.changes)) return Object.keys(payload.changes)
  if (op === 'identify') return Object.keys(payload).filter((k) => !IDENTIFIER_KEYS.has(k))
  return []
}

export class PendingFields {
  constructor(private readonly statements: StatementCache) {}

  /** pk → sorted attribute names with a pending edit; people without any are absent. */
  forPeople(workspaceId: string, pks: number[]): Map<number, string[]> {
    const result = new Map<number, string[]>()
    if (pks.length === 0) return result
    // one indexed probe of (workspace_id, entity_key) per person on the page, via outbox_ws_entity
    const rows = this.statements
      .get(
        `SELECT entity_key AS entityKey, op, payload FROM outbox
          WHERE workspace_id = ? AND state IN ('pending', 'sending', 'failed', 'may_have_applied', 'conflict') AND entity_key IN (SELECT value FROM json_each(?))
          ORDER BY id`,
      )
      .all(workspaceId, JSON.stringify(pks.map((pk) => `person:${pk}`))) as { entityKey: string; op: string; payload: string }[]
    const names = new Map<number, Set<string>>()
    for (const row of rows) {
      const pk = Number(row.entityKey.slice('person:'.length))
      const set = names.get(pk) ?? new Set<string>()
      for (const name of pendingAttributeNames(row.op, parseJson<unknown>(row.payload, null))) set.add(name)
      names.set(pk, set)
    }
    for (const [pk, set] of names) result.set(pk, [...set].sort())
    return result
  }
}
