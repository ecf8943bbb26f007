// How a workspace's kind and region read in the UI (shared by the header and the Workspaces screen).
import type { WorkspaceKind, WorkspaceView } from '../api'

export const KIND_LABELS: Record<WorkspaceKind, string> = {
  us: 'US',
  eu: 'EU',
  custom: 'Custom URL',
  sandbox: 'Sandbox',
}

export const KIND_ORDER: WorkspaceKind[] = ['us', 'eu', 'custom', 'sandbox']

/** One line under the workspace name: where it lives. */
export function whereLabel(w: WorkspaceView): string {
  switch (w.kind) {
    case 'us':
      return 'US region'
    case 'eu':
      return 'EU region'
    case 'sandbox':
      return 'Local sandbox'
    case 'custom': {
      const region = w.lastTest?.region ? ` · ${w.lastTest.region.toUpperCase()} region` : ''
      return `${hostOf(w.url) ?? 'Custom URL'}${region}`
    }
  }
}

/** Default API host shown when a workspace has no URL of its own. */
export function defaultHost(kind: WorkspaceKind): string | null {
  if (kind === 'us') return 'track.customer.io · api.customer.io'
  if (kind === 'eu') return 'track-eu.customer.io · api-eu.customer.io'
  return null
}

export function hostOf(url: string | null): string | null {
  if (!url) return null
  try {
    return new URL(url).host
  } catch {
    return url
  }
}
