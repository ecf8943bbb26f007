// Hash routing without a router library: "#/workspaces" → "workspaces". A route may carry a
// path after its id ("#/people/cio_a1b2" opens that person), so Back and deep links work.
import { useEffect, useMemo, useRef, useState } from 'react'

export const ROUTES = [
  { id: 'people', label: 'People' },
  { id: 'segments', label: 'Segments' },
  { id: 'collections', label: 'Collections' },
  { id: 'campaigns', label: 'Campaigns' },
  { id: 'import', label: 'Import' },
  { id: 'changes', label: 'Changes' },
  { id: 'conflicts', label: 'Conflicts' },
  { id: 'sync', label: 'Sync' },
  { id: 'audit', label: 'Audit log' },
  { id: 'settings', label: 'Settings' },
  { id: 'workspaces', label: 'Workspaces' },
] as const

export type RouteId = (typeof ROUTES)[number]['id']

export const DEFAULT_ROUTE: RouteId = 'workspaces'

export function parseHash(hash: string): RouteId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  return (ROUTES.find((r) => r.id === id)?.id ?? DEFAULT_ROUTE) as RouteId
}

export function href(id: RouteId): string {
  return `#/${id}`
}

/**
 * The segments after the route id, decoded: "#/people/ann%40example.com" → ["ann@example.com"].
 * A query part ("?x=1") is not a segment; empty segments and undecodable ones are dropped.
 */
export function hashSegments(hash: string): string[] {
  const path = hash.replace(/^#\/?/, '').split('?')[0]
  return path
    .split('/')
    .slice(1)
    .flatMap((segment) => {
      if (segment === '') return []
      try {
        return [decodeURIComponent(segment)]
      } catch {
        return []
      }
    })
}

/** "#/people/<segments…>", each segment encoded. */
export function hrefWith(id: RouteId, ...segments: string[]): string {
  return [href(id), ...segments.map(encodeURIComponent)].join('/')
}

/** The current hash's segments after the route id, kept up to date on hashchange. */
export function useHashSegments(): string[] {
  const [hash, setHash] = useState(() => window.location.hash)
  useEffect(() => {
    const onChange = () => setHash(window.location.hash)
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return useMemo(() => hashSegments(hash), [hash])
}

export function useHashRoute(): RouteId {
  const [route, setRoute] = useState<RouteId>(() => parseHash(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}

/** The part after the route, "#/workspaces/add" → "add": how a command asks a screen to do something. */
export function routeIntent(hash: string): string | null {
  return hash.replace(/^#\/?/, '').split(/[/?]/)[1] || null
}

export function intentHref(id: RouteId, intent: string): string {
  return `#/${id}/${intent}`
}

/**
 * Runs `handler` when the address is "#/<route>/<intent>" (on mount, or later while the screen is
 * shown), then drops the intent from the address so a reload or Back does not repeat it.
 */
export function useRouteIntent(route: RouteId, intent: string, handler: () => void): void {
  const handlerRef = useRef(handler)
  handlerRef.current = handler
  useEffect(() => {
    const check = () => {
      if (parseHash(window.location.hash) !== route || routeIntent(window.location.hash) !== intent) return
      window.history.replaceState(null, '', href(route))
      handlerRef.current()
    }
    check()
    window.addEventListener('hashchange', check)
    return () => window.removeEventListener('hashchange', check)
  }, [route, intent])
}
