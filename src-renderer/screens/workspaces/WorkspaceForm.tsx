// Add or edit a workspace. Keys go in once and never come back: in edit mode an empty key field
// keeps the stored key. Server VALIDATION issues land next to the field named by their path.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { call, fieldErrors, issueField, type IpcError, type WorkspaceKind, type WorkspaceView } from '../../api'
import { ErrorAlert } from '../../components/ErrorAlert'
import { KIND_LABELS, KIND_ORDER } from '../../components/workspace-kind'
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

  const formRef = useRef<HTMLFormElement>(null)

  // After a failed save, take the user to the first field that needs fixing.
  useEffect(() => {
    if (error?.code === 'VALIDATION') formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }, [error])

  const errors = fieldErrors(error)
  const otherIssues = error?.issues?.filter((i) => !FORM_FIELDS.has(issueField(i.path))) ?? []
  const showAlert = error && (error.code !== 'VALIDATION' || otherIssues.length > 0 || !error.issues?.length)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (saving) return
    setSaving(true)
    setError(null)
    const credentials: Partial<Keys> = {}
    for (const c of CREDENTIAL_FIELDS) {
      const v = keys[c.key].trim()
      if (v) credentials[c.key] = v
    }
    const trimmedUrl = url.trim()
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

  const effectiveKind = editing?.kind ?? kind
  const kindGroupLabel = `${uid}-kind`

  return (
    <form ref={formRef} className="ws-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-busy={saving || undefined}>
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

      <div className="form-actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
    </form>
  )
}
