// The left navigation. Plain links to hash routes: middle-click and keyboard work as expected.
import { ROUTES, href, type RouteId } from './route'

const ICONS: Record<RouteId, string> = {
  people: '◉',
  segments: '◔',
  collections: '▤',
  import: '⇣',
  changes: '±',
  sync: '⟳',
  settings: '⚙',
  workspaces: '⌂',
}

export function Nav({ route }: { route: RouteId }) {
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
            </a>
          </li>
        ))}
      </ul>
    </nav>
  )
}
