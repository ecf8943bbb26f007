// Resolving a conflict, field by field, as the contract says (contract/changes.ts `resolve`):
//   mine:   the entry goes back to pending against the remote value as its new base, so the next
//           push's refresh sees "only local changed" and sends it;
//   theirs: the entry is dropped and the local view takes the remote value;
//   edited: the typed value replaces the entry's value, against the remote base (typing the
//           remote value itself is "theirs": there is nothing left to send).

import type Database from 'better-sqlite3'
import type { ConflictView } from '../contract/changes'
import { AppError } from '../contract/result'
import { sameStored } from '../merge/decide'
import type { EditService } from './edit-service'
import { LocalView } from './local-view'
import { type OutboxRepo, type OutboxRow } from './outbox-repo'
import { personPkOf } from '../base/entity-key'

export class ConflictResolver {
  private readonly view: LocalView

  constructor(
    private readonly sqlite: Database.Database,
    private readonly repo: OutboxRepo,
    private readonly edits: EditService,
    private readonly now: () => number,
  ) {
    this.view = new LocalView(sqlite)
  }

  /** The resolved conflict, and the outbox entry left pending to carry it (null when nothing is left to send). */
  resolve(workspaceId: string, id: number, keep: 'mine' | 'theirs' | 'edited', value?: unknown): { conflict: ConflictView; requeued: number | null } {
    return this.sqlite.transaction(() => {
      const c = this.repo.conflictViews(workspaceId, { state: 'open', id })[0]
      if (!c) {
        const resolved = this.repo.conflictViews(workspaceId, { state: 'resolved', id })[0]
        throw new AppError(resolved ? 'CONFLICT' : 'NOT_FOUND', resolved ? `conflict ${id} was already resolved (${resolved.resolution})` : `no conflict ${id} in this workspace`)
      }
      const now = this.now()
      const entry = this.entryOf(workspaceId, c)
      const isCollection = c.field === 'collection' && personPkOf(c.entityKey) === null
      if (keep === 'edited' && isCollection) throw new AppError('VALIDATION', 'a collection conflict is resolved by keeping mine or theirs; edit the rows afterwards')
      let resolution = keep
      let requeued: number | null = null
      if (keep === 'edited' && sameStored(value, c.remote)) resolution = 'theirs'
      if (resolution === 'theirs') {
        if (entry) {
          this.edits.restore(workspaceId, entry, c.remote, now)
          this.repo.delete(entry.id)
        } else this.takeRemote(workspaceId, c, now)
      } else {
        const base = isCollection ? { rows: c.remote ?? [] } : { [c.field]: c.remote }
        if (resolution === 'edited') {
          const payload = { attributes: { [c.field]: value } }
          if (entry) this.repo.replacePayload(entry.id, payload, now)
          this.setLocal(workspaceId, c, value, now)
          if (entry) this.repo.setBase(entry.id, base, now)
          requeued = entry ? entry.id : this.repo.insert(workspaceId, { op: 'identify', entityKey: c.entityKey, payload, base }, now)
        } else if (entry) {
          this.repo.setBase(entry.id, base, now)
          this.repo.setState(entry.id, 'pending', now)
          requeued = entry.id
        } else if (!isCollection) {
          // a conflict recorded without its entry (an older pull): re-queue the local value
          requeued = this.repo.insert(workspaceId, { op: 'identify', entityKey: c.entityKey, payload: { attributes: { [c.field]: c.local } }, base }, now)
        }
      }
      this.sqlite.prepare("UPDATE conflicts SET state = 'resolved', resolution = ?, resolved_at = ? WHERE id = ?").run(resolution, now, id)
      return { conflict: this.repo.conflictViews(workspaceId, { state: 'resolved', id })[0], requeued }
    })()
  }

  /** The entry the conflict holds back: the linked one, else the field's newest unsent one. */
  private entryOf(workspaceId: string, c: ConflictView): OutboxRow | undefined {
    const linked = c.outboxId !== null ? this.repo.get(workspaceId, c.outboxId) : undefined
    if (linked && linked.state !== 'sent') return linked
    return this.repo
      .unsentFor(workspaceId, c.entityKey)
      .filter((e) => (e.op === 'identify' && Object.keys((e.payload.attributes as object | undefined) ?? {}).includes(c.field)) || (e.op === 'collection' && c.field === 'collection'))
      .pop()
  }

  private takeRemote(workspaceId: string, c: ConflictView, now: number): void {
    this.setLocal(workspaceId, c, c.remote, now)
  }

  private setLocal(workspaceId: string, c: ConflictView, value: unknown, now: number): void {
    const pk = personPkOf(c.entityKey)
    const p = pk === null ? null : this.view.personOrNull(workspaceId, pk)
    if (!p) return
    if (c.field === 'id' || c.field === 'email') this.view.setIdentifier(workspaceId, p, c.field, typeof value === 'string' ? value : value === null ? null : String(value), now)
    else this.view.setAttributes(p, { [c.field]: value }, now)
  }
}
