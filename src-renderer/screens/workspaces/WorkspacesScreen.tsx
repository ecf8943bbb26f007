// Workspaces: list, add, test, switch, edit and remove the Customer.io workspaces cio-sync knows.
import { useEffect, useRef, useState } from 'react'
import { call, type IpcError, type WorkspaceView } from '../../api'
import { Dialog } from '../../components/Dialog'
import { EmptyState, Screen } from '../../components/EmptyState'
import { ErrorAlert } from '../../components/ErrorAlert'
import { useRouteIntent } from '../../components/route'
import { useWorkspaces } from '../../state/workspaces'
import { RemoveDialog } from './RemoveDialog'
import { SandboxKeysDialog } from './SandboxKeysDialog'
import { TestReport, type TestState } from './TestReport'
import { WorkspaceForm } from './WorkspaceForm'
import { WorkspaceTable } from './WorkspaceTable'

type Panel =
  | { type: 'add' }
  | { type: 'edit'; workspace: WorkspaceView }
  | { type: 'remove'; workspace: WorkspaceView }
  | { type: 'keys'; workspace: WorkspaceView }
  | null

export function WorkspacesScreen() {
  const { workspaces, loading, error: listError, refresh, select } = useWorkspaces()
  const [panel, setPanel] = useState<Panel>(null)
  const [test, setTest] = useState<TestState | null>(null)
  const [selectingId, setSelectingId] = useState<string | null>(null)
  const [actionError, setActionError] = useState<{ title: string; error: IpcError } | null>(null)
  const [notice, setNotice] = useState('')
  const noticeTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)

  useEffect(() => () => clearTimeout(noticeTimer.current), [])

  // "Add workspace…" in the command palette arrives as #/workspaces/add.
  useRouteIntent('workspaces', 'add', () => setPanel({ type: 'add' }))

  // Escape closes the connection-test panel when no dialog is open (dialogs handle their own).
  useEffect(() => {
    if (!test || panel) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) setTest(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [test, panel])

  function announce(text: string) {
    setNotice(text)
    clearTimeout(noticeTimer.current)
    noticeTimer.current = setTimeout(() => setNotice(''), 6000)
  }

  async function onSelect(w: WorkspaceView) {
    setSelectingId(w.id)
    setActionError(null)
    const r = await select(w.id)
    setSelectingId(null)
    if (r.ok) announce(`“${r.value.name}” is now the active workspace.`)
    else setActionError({ title: `Could not switch to “${w.name}”`, error: r.error })
  }

  async function onTest(w: WorkspaceView) {
    setActionError(null)
    setTest({ id: w.id, phase: 'testing' })
    const r = await call((cio) => cio.workspaces.test({ id: w.id }))
    setTest((t) => {
      if (t && t.id !== w.id) return t // another test was started meanwhile
      return r.ok ? { id: w.id, phase: 'done', report: r.value, at: Date.now() } : { id: w.id, phase: 'failed', error: r.error }
    })
    await refresh() // the row's "Last test" column
  }

  async function afterSave(saved: WorkspaceView, verb: 'added' | 'saved') {
    setPanel(null)
    const twin = saved.sameSiteIdAs.length ? ` Same Site ID as ${saved.sameSiteIdAs.map((n) => `“${n}”`).join(', ')}: it may be the same Customer.io workspace twice.` : ''
    announce(`${verb === 'added' ? `Workspace “${saved.name}” added.` : `Changes to “${saved.name}” saved.`}${twin}`)
    await refresh()
  }

  async function afterRemove(w: WorkspaceView) {
    setPanel(null)
    if (test?.id === w.id) setTest(null)
    announce(`Workspace “${w.name}” removed.`)
    await refresh()
  }

  const addButton = (
    <button type="button" className="primary" onClick={() => setPanel({ type: 'add' })}>
      Add workspace
    </button>
  )

  return (
    <Screen
      title="Workspaces"
      subtitle="The Customer.io workspaces cio-sync can read from and send to. Keys stay in your system keychain."
      actions={addButton}
    >
      <div className="notice" aria-live="polite">
        {notice}
      </div>

      {listError ? <ErrorAlert title="Could not load the workspaces" error={listError} onRetry={() => void refresh()} /> : null}
      {actionError ? (
        <ErrorAlert title={actionError.title} error={actionError.error} onDismiss={() => setActionError(null)} />
      ) : null}

      {loading ? (
        <p className="muted">Loading workspaces…</p>
      ) : workspaces.length === 0 && !listError ? (
        <EmptyState title="No workspaces yet" icon="⌂">
          <p>
            Add a workspace to connect cio-sync to Customer.io. You will need its <strong>Site ID</strong> and{' '}
            <strong>Track API key</strong> (Customer.io → Settings → API credentials), an <strong>App API key</strong>{' '}
            to read data, and optionally a <strong>Pipelines write key</strong>.
          </p>
          <p>
            Not ready to touch real customers? Add a <strong>Sandbox</strong> workspace: a local server that behaves
            like Customer.io, the safe place to rehearse an import.
          </p>
        </EmptyState>
      ) : workspaces.length > 0 ? (
        <WorkspaceTable
          workspaces={workspaces}
          testingId={test?.phase === 'testing' ? test.id : null}
          selectingId={selectingId}
          onSelect={(w) => void onSelect(w)}
          onTest={(w) => void onTest(w)}
          onEdit={(w) => setPanel({ type: 'edit', workspace: w })}
          onRemove={(w) => setPanel({ type: 'remove', workspace: w })}
          onShowKeys={(w) => setPanel({ type: 'keys', workspace: w })}
          detailFor={(w) => (test && test.id === w.id ? <TestReport state={test} workspace={w} onClose={() => setTest(null)} /> : null)}
        />
      ) : null}

      {panel?.type === 'add' ? (
        <Dialog title="Add workspace" onClose={() => setPanel(null)} wide>
          <WorkspaceForm onDone={(w) => void afterSave(w, 'added')} onCancel={() => setPanel(null)} />
        </Dialog>
      ) : null}
      {panel?.type === 'edit' ? (
        <Dialog
          title={`Edit “${panel.workspace.name}”`}
          tone={panel.workspace.production ? 'danger' : 'default'}
          onClose={() => setPanel(null)}
          wide
        >
          <WorkspaceForm editing={panel.workspace} onDone={(w) => void afterSave(w, 'saved')} onCancel={() => setPanel(null)} />
        </Dialog>
      ) : null}
      {panel?.type === 'keys' ? <SandboxKeysDialog workspace={panel.workspace} onClose={() => setPanel(null)} /> : null}
      {panel?.type === 'remove' ? (
        <RemoveDialog workspace={panel.workspace} onDone={() => void afterRemove(panel.workspace)} onCancel={() => setPanel(null)} />
      ) : null}
    </Screen>
  )
}
