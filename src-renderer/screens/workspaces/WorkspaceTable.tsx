// The workspaces list: one table row per workspace, with its keys masked and its actions.
import { Fragment, type ReactNode } from 'react'
import type { WorkspaceView } from '../../api'
import { formatAgo, formatDateTime } from '../../components/format'
import { KIND_LABELS, defaultHost } from '../../components/workspace-kind'
import { CREDENTIAL_FIELDS, MaskedKey } from './fields'

interface WorkspaceTableProps {
  workspaces: WorkspaceView[]
  /** id of the workspace whose connection test is running */
  testingId: string | null
  /** id of the workspace being made active */
  selectingId: string | null
  onSelect: (w: WorkspaceView) => void
  onTest: (w: WorkspaceView) => void
  onEdit: (w: WorkspaceView) => void
  onRemove: (w: WorkspaceView) => void
  /** the Sandbox only: its keys in full (they are not secrets) */
  onShowKeys: (w: WorkspaceView) => void
  /** content shown in a full-width row under a workspace (its test result) */
  detailFor: (w: WorkspaceView) => ReactNode
}

function LastTest({ w }: { w: WorkspaceView }) {
  const t = w.lastTest
  if (!t) return <span className="muted">Never tested</span>
  return (
    <span className="last-test" title={formatDateTime(t.at)}>
      <span className={t.ok ? 'test-ok' : 'test-bad'}>
        <span aria-hidden="true">{t.ok ? '✓ ' : '✕ '}</span>
        {t.ok ? 'Passed' : 'Failed'}
        {t.region ? ` · ${t.region.toUpperCase()}` : ''}
      </span>
      <span className="last-test-when">{formatAgo(t.at)}</span>
    </span>
  )
}

export function WorkspaceTable(props: WorkspaceTableProps) {
  const { workspaces, testingId, selectingId, onSelect, onTest, onEdit, onRemove, onShowKeys, detailFor } = props
  return (
    <div className="table-wrap">
      <table className="grid ws-table">
        <caption className="sr-only">Workspaces</caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Kind and URL</th>
            <th scope="col">Keys</th>
            <th scope="col">Last test</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {workspaces.map((w) => {
            const detail = detailFor(w)
            return (
              <Fragment key={w.id}>
                <tr className={`${w.active ? 'is-active' : ''}${w.production ? ' is-prod' : ''}`} aria-current={w.active ? 'true' : undefined}>
                  <td className="ws-cell-name">
                    <span className="ws-row-name">{w.name}</span>
                    <span className="ws-marks">
                      {w.active ? (
                        <span className="mark mark-active">
                          <span aria-hidden="true">● </span>Active
                        </span>
                      ) : null}
                      {w.production ? <span className="badge badge-production badge-small">PRODUCTION</span> : null}
                    </span>
                    {w.sameSiteIdAs.length ? (
                      <span className="mark mark-warn" title="Two workspaces with one Site ID are likely the same Customer.io workspace added twice">
                        <span aria-hidden="true">! </span>
                        Same Site ID as {w.sameSiteIdAs.map((n) => `“${n}”`).join(', ')}
                      </span>
                    ) : null}
                  </td>
                  <td className="ws-kind">
                    <span className="ws-kind-label">{KIND_LABELS[w.kind]}</span>
                    <span className="ws-url">
                      {w.url ? <code>{w.url}</code> : <span className="muted">{defaultHost(w.kind) ?? 'Built-in'}</span>}
                    </span>
                  </td>
                  <td>
                    <dl className="keys">
                      {CREDENTIAL_FIELDS.map((c) => (
                        <div key={c.key}>
                          <dt>{c.short}</dt>
                          <dd>
                            <MaskedKey set={w.credentials[c.key].set} last4={w.credentials[c.key].last4} />
                          </dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                  <td className="nowrap">
                    <LastTest w={w} />
                  </td>
                  <td className="row-actions">
                    <div className="row-buttons">
                    <button
                      type="button"
                      onClick={() => onSelect(w)}
                      disabled={w.active || selectingId === w.id}
                      title={w.active ? 'This is the active workspace' : 'Make this the active workspace'}
                    >
                      Use this workspace
                    </button>
                    <button type="button" onClick={() => onTest(w)} disabled={testingId === w.id} aria-busy={testingId === w.id || undefined}>
                      Test connection
                    </button>
                    {w.kind === 'sandbox' ? (
                      <button type="button" onClick={() => onShowKeys(w)}>
                        Show keys
                      </button>
                    ) : null}
                    <button type="button" onClick={() => onEdit(w)}>
                      Edit
                    </button>
                    <button type="button" className="danger-quiet" onClick={() => onRemove(w)}>
                      Remove
                    </button>
                    </div>
                  </td>
                </tr>
                {detail ? (
                  <tr className="detail-row">
                    <td colSpan={5}>{detail}</td>
                  </tr>
                ) : null}
              </Fragment>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}
