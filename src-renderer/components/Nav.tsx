// The left navigation. Plain links to hash routes: middle-click and keyboard work as expected.
// Changes and Conflicts carry count badges (pending edits, open conflicts), read as part of the link.
import { useChanges } from '../state/changes'
import { ROUTES, href, type RouteId } from './route'

const ICONS: Record<RouteId, string> = {
  people: '◉',
  segments: '◔',
  collections: '▤',
  campaigns: '✉',
  import: '⇣',
  changes: '±',
  conflicts: '⇄',
  sync: '⟳',
  audit: '☰',
  settings: '⚙',
  workspaces: '⌂',
}

function Badge({ count, noun, tone }: { count: number; noun: string; tone: 'plain' | 'conflict' }) {
  if (count <= 0) return null
  return (
    <span className={`nav-badge nav-badge-${tone}`} title={`${count} ${noun}`}>
      <span aria-hidden="true">{count > 999 ? '999+' : count}</span>
      <span className="sr-only">
        , {count} {noun}
      </span>
    </span>
  )
}

export function Nav({ route }: { route: RouteId }) {
  const { counts } = useChanges()
  const pending = counts ? counts.pending + counts.failed : 0
  const conflicts = counts?.conflicts ?? 0
  return (
    <nav aria-label="Main" className="app-nav">
      <ul>
        {ROUTES.map((r) => (
          <li key={r.id} className={r.id === 'workspaces' ? 'nav-sep' : undefined}>
            <a href={href(r.id)} aria-current={r.id === route ? 'page' : undefined}>
              <span className="nav-icon" aria-hidden="true">
                {ICONS[r.id]}
              </span>
              {r.label}
              {r.id === 'changes' ? (
                <span className="nav-badges">
                  <Badge count={pending} noun={pending === 1 ? 'pending change' : 'pending changes'} tone="plain" />
                  <Badge count={conflicts} noun={conflicts === 1 ? 'conflict' : 'conflicts'} tone="conflict" />
                </span>
              ) : r.id === 'conflicts' ? (
                <span className="nav-badges">
                  <Badge count={conflicts} noun={conflicts === 1 ? 'open conflict' : 'open conflicts'} tone="conflict" />
                </span>
              ) : null}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
