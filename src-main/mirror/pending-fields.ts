import { personEntityKey, personPkOf } from '../base/entity-key'
import type { StatementCache } from '../db/sql-cache'
import { parseJson } from '../db/sql-cache'
import { editedFields } from '../merge/pending-edits'

// Which attributes of a person have a local edit not yet in Customer.io (outbox rows not sent:
// pending, on the wire, failed or held by a conflict, with entity_key `person:<pk>`), so the table
// and the panel can mark them. Which attributes an entry changes is merge/pending-edits.ts's rule.

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
      .all(workspaceId, JSON.stringify(pks.map(personEntityKey))) as { entityKey: string; op: string; payload: string }[]
    const names = new Map<number, Set<string>>()
    for (const row of rows) {
      const pk = personPkOf(row.entityKey)
      if (pk === null) continue
      const set = names.get(pk) ?? new Set<string>()
      for (const name of editedFields(row.op, parseJson<unknown>(row.payload, null))) set.add(name)
      names.set(pk, set)
    }
    for (const [pk, set] of names) result.set(pk, [...set].sort())
    return result
  }
}
