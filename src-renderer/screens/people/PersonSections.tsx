// The read-only parts of the person panel: the section frame and the activity of our own pushes
// (the editable parts are in PersonAttributes, PersonSegments and PersonEdits; devices and
// messages, read through the messaging contract, in PersonDevices and PersonMessages).
import type { ReactNode } from 'react'
import type { PersonDetail } from '../../api'
import { formatWhen } from '../../components/format'

export function Section({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  return (
    <section className="person-section">
      <h3>
        {title}
        {count != null ? <span className="section-count"> {count}</span> : null}
      </h3>
      {children}
    </section>
  )
}

export function ActivityList({ activity }: { activity: PersonDetail['activity'] }) {
  if (activity.length === 0) return <p className="muted">cio-sync has not changed this person yet.</p>
  return (
    <ol className="plain-list activity">
      {activity.map((a, i) => (
        <li key={`${a.at}-${i}`}>
          <span className="muted nowrap">{formatWhen(a.at)}</span> <strong>{a.action}</strong> {a.summary}
        </li>
      ))}
    </ol>
  )
}
