// Batched lookups of import rows in the mirror. A plan of a million rows cannot afford a query per
// row, nor an index of the whole workspace in memory: each batch of rows asks once per identifier
// type, with the batch's values as one JSON array (`IN (SELECT value FROM json_each(?))`), which
// SQLite answers from the unique (workspace_id, id) / (workspace_id, cio_id) indexes and the
// lower(email) expression index. Tombstoned people count as absent: a row for them is a create.

import type Database from 'better-sqlite3'
import type { Attributes } from '../../db/json-types'
import type { IdentifierType } from '../types'
import type { StoredPerson } from './diff'

interface PersonRow {
  pk: number
  id: string | null
  email: string | null
  cio_id: string | null
  attributes: string
  devices: string | null
}

export interface MirrorPerson extends StoredPerson {
  devices: unknown[] | null
}

/** The key an identifier value is matched on: emails ignore case, ids and cio_ids do not. */
export function matchKey(type: IdentifierType, value: string): string {
  return type === 'email' ? value.trim().toLowerCase() : value
}

export class MirrorLookup {
  private readonly byType: Record<IdentifierType, Database.Statement>
  private readonly memberOf: Database.Statement

  constructor(sqlite: Database.Database, private readonly workspaceId: string) {
    const select = 'SELECT pk, id, email, cio_id, attributes, devices FROM people WHERE workspace_id = ? AND deleted_at IS NULL AND'
    this.byType = {
      id: sqlite.prepare(`${select} id IN (SELECT value FROM json_each(?))`),
      cio_id: sqlite.prepare(`${select} cio_id IN (SELECT value FROM json_each(?))`),
      email: sqlite.prepare(`${select} lower(email) IN (SELECT value FROM json_each(?))`),
    }
    this.memberOf = sqlite.prepare(
      'SELECT cio_id FROM segment_members WHERE workspace_id = ? AND segment_id = ? AND left_at IS NULL AND cio_id IN (SELECT value FROM json_each(?))',
    )
  }

  /** People by identifier, keyed by `matchKey(type, value)`. */
  find(type: IdentifierType, values: Iterable<string>): Map<string, MirrorPerson> {
    const keys = [...new Set([...values].map((v) => matchKey(type, v)))]
    const found = new Map<string, MirrorPerson>()
    if (keys.length === 0) return found
    for (const r of this.byType[type].iterate(this.workspaceId, JSON.stringify(keys)) as Iterable<PersonRow>) {
      const key = type === 'id' ? r.id : type === 'cio_id' ? r.cio_id : r.email?.toLowerCase()
      if (key === null || key === undefined) continue
      // Emails are not unique in every workspace: the first holder wins, as Customer.io's own
      // email lookup does; the plan flags the row only when the holder differs from the matched id.
      if (!found.has(key)) found.set(key, toPerson(r))
    }
    return found
  }

  /** Which of these cio_ids are current members of the segment. */
  members(segmentId: number, cioIds: string[]): Set<string> {
    if (cioIds.length === 0) return new Set()
    return new Set(this.memberOf.pluck().all(this.workspaceId, segmentId, JSON.stringify(cioIds)) as string[])
  }
}

function toPerson(r: PersonRow): MirrorPerson {
  return {
    pk: r.pk,
    id: r.id,
    email: r.email,
    cioId: r.cio_id,
    attributes: JSON.parse(r.attributes) as Attributes,
    devices: r.devices === null ? null : (JSON.parse(r.devices) as unknown[]),
  }
}
