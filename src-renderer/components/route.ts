// Hash routing without a router library: "#/workspaces" → "workspaces". A route may carry a
// path after its id ("#/people/cio_a1b2" opens that person), so Back and deep links work.
import { useEffect, useMemo, useState } from 'react'

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
