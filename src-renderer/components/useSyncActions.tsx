// The actions of the Sync menu, in one place for the header's Sync button and the offline banner:
// what each does, whether it can run now and, when not, why (shown as its description). A failed
// start becomes an error notice under the workspace's name. Pushing to a production workspace asks
// for its name first (the dialog is returned for the caller to render).
import { useState, type ReactNode } from 'react'
import { call, type IpcError } from '../api'
import { ConfirmPushDialog } from '../screens/import/ConfirmPushDialog'
import { useChanges } from '../state/changes'
import { useConnectivity } from '../state/connectivity'
import { JOB_KIND_NAMES } from './job-outcome'
import { useJobs } from '../state/jobs'
import { useNotifications } from '../state/notifications'
import { useWorkspaces } from '../state/workspaces'
import { formatCount } from './format'

export interface SyncAction {
  label: string
  /** what it does, or why it cannot run now */
  description: string
  disabled: boolean
  run: () => void
}

export interface SyncActions {
  sync: SyncAction
  pullOnly: SyncAction
  push: SyncAction
  fullRePull: SyncAction
  deepPull: SyncAction
  /** changes waiting to be pushed (pending and failed), null until known */
  queued: number | null
  /** the production confirmation, while it is asked */
  dialog: ReactNode
}

export function queuedLabel(n: number | null): string {
  return n ? `Push ${formatCount(n)} queued ${n === 1 ? 'change' : 'changes'}` : 'Push queued changes'
}

export function useSyncActions(): SyncActions {
  const { active } = useWorkspaces()
  const { current, runningKinds, startSync, startPull, startDeepPull, follow } = useJobs()
  const { unreachable } = useConnectivity()
  const { counts } = useChanges()
  const { notifyError } = useNotifications()
  const [asking, setAsking] = useState<number | null>(null)
  const workspaceId = active?.id ?? null
  const queued = counts ? counts.pending + counts.failed : null

  // Another workspace's job does not hold this one back; a deep pull runs below other work.
  const mine = current && current.workspaceId === workspaceId ? current : null
  const busyWith = mine && mine.kind !== 'deep-pull' ? JOB_KIND_NAMES[mine.kind].toLowerCase() : null
  const noWorkspace = active ? null : 'Choose a workspace first.'
  const busy = busyWith ? `A ${busyWith} is running; wait for it to end or cancel it.` : null

  async function run(start: () => Promise<IpcError | null>, what: string) {
    const error = await start()
    if (error) notifyError(workspaceId, `Could not start the ${what}`, error)
  }

  async function startPush(confirm?: string) {
    if (!workspaceId) return
    const r = await call((cio) => cio.changes.push({ workspaceId, confirm }))
    if (!r.ok) return notifyError(workspaceId, 'Could not start the push', r.error)
    follow(r.value.jobId, 'push', workspaceId)
  }

  const offline = unreachable ? `Customer.io cannot be reached, so nothing can be pushed; ${queued ? 'the queued changes wait' : 'changes wait'} until the connection is back.` : null
  const pushReason =
    noWorkspace ??
    offline ??
    busy ??
    (queued === 0 ? 'Nothing is queued: edits made offline wait here until they are pushed.' : null) ??
    (runningKinds.includes('push') ? 'A push is running.' : null)

  const dialog =
    asking != null && active ? (
      <ConfirmPushDialog
        workspaceName={active.name}
        rows={asking}
        noun={['change', 'changes']}
        description={<>These edits go to real customers in “{active.name}”. You can cancel the push; what was already sent stays sent.</>}
        onCancel={() => setAsking(null)}
        onConfirm={(typed) => {
          setAsking(null)
          void startPush(typed)
        }}
      />
    ) : null

  return {
    queued,
    dialog,
    sync: {
      label: 'Sync',
      description:
        noWorkspace ??
        busy ??
        (active?.production && queued ? `Pull, then push the queued changes: on a production workspace they wait for “${queuedLabel(queued)}”, which asks for its name.` : 'Pull what changed in Customer.io, then push the queued changes.'),
      disabled: Boolean(noWorkspace ?? busy),
      run: () => void run(startSync, 'sync'),
    },
    pullOnly: {
      label: 'Pull only',
      description: noWorkspace ?? busy ?? 'Copy what changed in Customer.io into the mirror; nothing is pushed.',
      disabled: Boolean(noWorkspace ?? busy),
      run: () => void run(() => startPull({}), 'pull'),
    },
    push: {
      label: queuedLabel(queued),
      description: pushReason ?? (active?.production ? 'Send the queued changes to this production workspace (asks for its name).' : 'Send the queued changes to Customer.io, checking each for conflicts first.'),
      disabled: pushReason != null,
      run: () => {
        if (active?.production) setAsking(queued ?? 0)
        else void startPush()
      },
    },
    fullRePull: {
      label: 'Full re-pull',
      description: noWorkspace ?? busy ?? 'Re-read everyone through a full export, instead of only what changed since the last pull.',
      disabled: Boolean(noWorkspace ?? busy),
      run: () => void run(() => startPull({ full: true }), 'full re-pull'),
    },
    deepPull: {
      label: 'Deep pull',
      description:
        noWorkspace ??
        (runningKinds.includes('deep-pull') ? 'A deep pull is running; its progress is shown on the Sync screen.' : null) ??
        (unreachable ? 'Customer.io cannot be reached; a deep pull needs the workspace online.' : null) ??
        "Read every person's attributes in the background, below other work, so the mirror is complete. It can be stopped and resumed.",
      disabled: Boolean(noWorkspace) || runningKinds.includes('deep-pull') || unreachable,
      run: () => void run(startDeepPull, 'deep pull'),
    },
  }
}
