// Hash routing without a router library: "#/workspaces" → "workspaces".
import { useEffect, useState } from 'react'

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

export function useHashRoute(): RouteId {
  const [route, setRoute] = useState<RouteId>(() => parseHash(window.location.hash))
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}
