// Who a conflict is about: their name (or identifier) linking to them on the People screen, with
// email and id beside it, so the ops person knows whose record they are deciding for.
import type { ConflictView } from '../../api'

type Person = NonNullable<ConflictView['person']>

/** The identifier the People screen opens a person by: id, else email, else cio_<cio_id>. */
export function personIdentifier(p: Person): string {
  return p.id ?? p.email ?? (p.cioId ? `cio_${p.cioId}` : String(p.pk))
}

export function ConflictPersonLine({ person: p }: { person: Person }) {
  const shown = p.name ?? p.email ?? p.id ?? (p.cioId ? `cio_${p.cioId}` : `person ${p.pk}`)
  return (
    <p className="conflict-person">
      <span className="muted">Person:</span>{' '}
      <a href={`#/people/${encodeURIComponent(personIdentifier(p))}`} aria-label={`Open ${shown} in People`}>
        {shown}
      </a>
      {p.email && p.email !== shown ? <span className="conflict-person-fact">{p.email}</span> : null}
      {p.id && p.id !== shown ? (
        <span className="conflict-person-fact">
          <span className="muted">id</span> {p.id}
        </span>
      ) : null}
    </p>
  )
}
