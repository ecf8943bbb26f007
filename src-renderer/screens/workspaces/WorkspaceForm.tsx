// Add or edit a workspace. Keys go in once and never come back: in edit mode an empty key field
// keeps the stored key. Server VALIDATION issues land next to the field named by their path.
// "Test connection" tries the typed keys without storing them; Save runs the same test first and
// stops on a missing or refused key ("Save anyway" only when Customer.io could not be reached).
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { call, fieldErrors, issueField, type IpcError, type WorkspaceKind, type WorkspaceView } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { KIND_LABELS, KIND_ORDER } from '../../components/workspace-kind'
import { useWorkspaces } from '../../state/workspaces'
import { DraftResult, type DraftState } from './DraftResult'
import { CREDENTIAL_FIELDS, Field, MaskedKey, type CredentialField } from './fields'

const KIND_HINTS: Record<WorkspaceKind, string> = {
  us: 'Customer.io, US data centre',
  eu: 'Customer.io, EU data centre',
  custom: 'A proxy or other endpoint you run',
  sandbox: 'The local practice server — nothing reaches real customers',
}

/** Fields this form renders; issues on any other path are listed in the alert instead. */
const FORM_FIELDS = new Set<string>(['name', 'kind', 'url', 'production', ...CREDENTIAL_FIELDS.map((c) => c.key)])

interface WorkspaceFormProps {
  /** the workspace being edited; absent when adding */
  editing?: WorkspaceView
  onDone: (saved: WorkspaceView) => void
  onCancel: () => void
}

type Keys = Record<CredentialField, string>
const NO_KEYS: Keys = { siteId: '', trackApiKey: '', appApiKey: '', writeKey: '' }

export function WorkspaceForm({ editing, onDone, onCancel }: WorkspaceFormProps) {
  const uid = useId()
  const [name, setName] = useState(editing?.name ?? '')
  const [kind, setKind] = useState<WorkspaceKind>(editing?.kind ?? 'us')
  const [url, setUrl] = useState(editing?.url ?? '')
  const [production, setProduction] = useState(editing?.production ?? false)
  const [keys, setKeys] = useState<Keys>(NO_KEYS)
  const [saving, setSaving] = useState(false)
  const [error, setError] = useState<IpcError | null>(null)
  const [draft, setDraft] = useState<DraftState>({ phase: 'idle' })
  const { workspaces } = useWorkspaces()

  const formRef = useRef<HTMLFormElement>(null)

  // After a failed save, take the user to the first field that needs fixing.
  useEffect(() => {
    if (error?.code === 'VALIDATION' || (draft.phase === 'done' && draft.saving && draft.result.verdict === 'blocked')) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
    }
  }, [error, draft])

  // A test result speaks of the keys and URL it was run with: any change makes it stale.
  useEffect(() => setDraft({ phase: 'idle' }), [kind, url, keys])

  const errors = fieldErrors(error)
  if (draft.phase === 'done') {
    for (const p of draft.result.problems) if (p.key && p.blocking && !errors[p.key]) errors[p.key] = p.message
  }
  const otherIssues = error?.issues?.filter((i) => !FORM_FIELDS.has(issueField(i.path))) ?? []
  const showAlert = error && (error.code !== 'VALIDATION' || otherIssues.length > 0 || !error.issues?.length)

  const effectiveKind = editing?.kind ?? kind
  const kindGroupLabel = `${uid}-kind`
  const busy = saving || draft.phase === 'testing'

  function typedKeys(): Partial<Keys> {
    const credentials: Partial<Keys> = {}
    for (const c of CREDENTIAL_FIELDS) {
      const v = keys[c.key].trim()
      if (v) credentials[c.key] = v
    }
    return credentials
  }

  /** Tries the typed keys (and, editing, the stored ones left empty) without storing anything. */
  async function testDraft(purpose: 'test' | 'save') {
    const saving = purpose === 'save'
    setDraft({ phase: 'testing', saving })
    const trimmedUrl = url.trim()
    const r = await call((cio) =>
      cio.workspaces.testdraft({
        ...(editing ? { id: editing.id } : {}),
        kind: effectiveKind,
        ...(effectiveKind === 'custom' && trimmedUrl ? { url: trimmedUrl } : {}),
        credentials: typedKeys(),
      }),
    )
    if (r.ok) setDraft({ phase: 'done', result: r.value, saving })
    else if (r.error.code === 'VALIDATION') {
      setDraft({ phase: 'idle' })
      setError(r.error)
    } else setDraft({ phase: 'failed', error: r.error })
    return r.ok ? r.value : null
  }

  async function onTest() {
    if (busy) return
    setError(null)
    await testDraft('test')
  }

  async function onSubmit(e: FormEvent | null, anyway = false) {
    e?.preventDefault()
    if (busy) return
    setError(null)
    const taken = workspaces.find((w) => w.id !== editing?.id && w.name.toLowerCase() === name.trim().toLowerCase())
    if (taken) {
      const message = `a workspace named “${taken.name}” already exists; choose another name`
      setError({ code: 'VALIDATION', message, retryable: false, issues: [{ path: 'name', message }] })
      return
    }
    const credentials = typedKeys()
    const trimmedUrl = url.trim()
    // A real workspace's keys are tried before it is saved; editing, only when keys or URL changed.
    const keysChanged = !editing || Object.keys(credentials).length > 0 || (effectiveKind === 'custom' && trimmedUrl !== (editing.url ?? ''))
    if (effectiveKind !== 'sandbox' && keysChanged && !anyway) {
      const checked = await testDraft('save')
      if (!checked || checked.verdict !== 'ready') return
    }
    setSaving(true)
    const r = editing
      ? await call((cio) =>
          cio.workspaces.update({
            id: editing.id,
            name: name.trim(),
            ...(editing.kind === 'custom' && trimmedUrl !== (editing.url ?? '') ? { url: trimmedUrl } : {}),
            ...(production !== editing.production ? { production } : {}),
            ...(Object.keys(credentials).length ? { credentials } : {}),
          }),
        )
      : await call((cio) =>
          cio.workspaces.add({
            name: name.trim(),
            kind,
            ...(kind === 'custom' && trimmedUrl ? { url: trimmedUrl } : {}),
            production: kind === 'sandbox' ? false : production,
            credentials,
          }),
        )
    setSaving(false)
    if (r.ok) {
      setKeys(NO_KEYS) // secrets leave the page's memory as soon as they are stored
      onDone(r.value)
    } else {
      setError(r.error)
    }
  }

  return (
    <form ref={formRef} className="ws-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={busy || undefined}>
      {showAlert && error ? (
        <ErrorAlert
          title={editing ? 'Could not save the changes' : 'Could not add the workspace'}
          error={error.code === 'VALIDATION' && error.issues?.length ? { ...error, issues: otherIssues } : error}
          onDismiss={() => setError(null)}
        />
      ) : null}

      <Field
        id={`${uid}-name`}
        label="Name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        hint="How this workspace is called in cio-sync, e.g. “Acme production”."
        autoComplete="off"
        aria-required="true"
        data-autofocus
      />

      {editing ? (
        <div className="field">
          <span className="field-label">Kind</span>
          <div className="field-static">{KIND_LABELS[editing.kind]}</div>
          <div className="field-hint">The kind of a workspace cannot change; add a new workspace instead.</div>
        </div>
      ) : (
        <fieldset className={`field kind-group${errors.kind ? ' has-error' : ''}`} role="radiogroup" aria-labelledby={kindGroupLabel}>
          <legend id={kindGroupLabel}>Kind</legend>
          <div className="segmented">
            {KIND_ORDER.map((k) => (
              <label key={k} className={kind === k ? 'checked' : undefined} title={KIND_HINTS[k]}>
                <input
                  type="radio"
                  name={`${uid}-kind`}
                  value={k}
                  checked={kind === k}
                  onChange={() => {
                    setKind(k)
                    if (k === 'sandbox') setProduction(false)
                  }}
                />
                {KIND_LABELS[k]}
              </label>
            ))}
          </div>
          <div className="field-hint">{KIND_HINTS[kind]}</div>
          {errors.kind ? <div className="field-error">{errors.kind}</div> : null}
        </fieldset>
      )}

      {effectiveKind === 'custom' ? (
        <Field
          id={`${uid}-url`}
          label="URL"
          type="url"
          inputMode="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          error={errors.url}
          placeholder="https://cio-proxy.example.com"
          hint="The base URL that answers the Track, App and Pipelines APIs."
          autoComplete="off"
          spellCheck={false}
        />
      ) : errors.url ? (
        <div className="field-error">{errors.url}</div>
      ) : null}

      <div className="key-grid">
        {CREDENTIAL_FIELDS.map((c) => {
          const stored = editing?.credentials[c.key]
          return (
            <Field
              key={c.key}
              id={`${uid}-${c.key}`}
              label={c.label}
              type={c.secret ? 'password' : 'text'}
              autoComplete="off"
              spellCheck={false}
              value={keys[c.key]}
              onChange={(e) => setKeys((k) => ({ ...k, [c.key]: e.target.value }))}
              error={errors[c.key]}
              placeholder={stored?.set ? 'Leave empty to keep the stored value' : editing ? 'Not set' : ''}
              hint={
                stored ? (
                  <>
                    Stored: <MaskedKey set={stored.set} last4={stored.last4} />. {c.hint}
                  </>
                ) : (
                  c.hint
                )
              }
            />
          )
        })}
      </div>

      <div className={`field check${errors.production ? ' has-error' : ''}`}>
        <label>
          <input
            type="checkbox"
            checked={production}
            disabled={effectiveKind === 'sandbox'}
            onChange={(e) => setProduction(e.target.checked)}
            aria-describedby={`${uid}-prod-hint`}
          />
          Production workspace
        </label>
        <div id={`${uid}-prod-hint`} className="field-hint">
          {effectiveKind === 'sandbox'
            ? 'The sandbox is never production.'
            : 'This is a production workspace: it is marked in red everywhere and pushes need a typed confirmation.'}
        </div>
        {errors.production ? <div className="field-error">{errors.production}</div> : null}
      </div>

      <p className="form-note">
        Keys are stored in your system keychain and never shown again; only their last four
        characters are displayed.
      </p>

      <DraftResult state={draft} kind={effectiveKind} url={effectiveKind === 'custom' ? url.trim() || null : (editing?.url ?? null)} />

      <div className="form-actions">
        {effectiveKind !== 'sandbox' ? (
          <button type="button" className="form-actions-start" onClick={() => void onTest()} disabled={busy}>
            {draft.phase === 'testing' && !draft.saving ? 'Testing…' : 'Test connection'}
          </button>
        ) : null}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        {draft.phase === 'done' && draft.result.verdict === 'unreachable' ? (
          <button type="button" onClick={() => void onSubmit(null, true)} disabled={busy}>
            Save anyway
          </button>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {saving ? 'Saving…' : draft.phase === 'testing' && draft.saving ? 'Checking keys…' : 'Save'}
        </button>
      </div>
    </form>
  )
}
