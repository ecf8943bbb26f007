// Form building blocks for the workspace form: a labelled field with hint and inline error.
import type { InputHTMLAttributes, ReactNode } from 'react'

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  id: string
  label: string
  hint?: ReactNode
  error?: string
}

/** An input whose label is exactly `label`; hint and error are linked with aria-describedby. */
export function Field({ id, label, hint, error, className, ...input }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined
  const errorId = error ? `${id}-error` : undefined
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' has-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {error ? (
        <div id={errorId} className="field-error">
          <span aria-hidden="true">! </span>
          {error}
        </div>
      ) : null}
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
    </div>
  )
}

/** Masked display of a stored key: exactly "•••• " + last4, or "not set". */
export function MaskedKey({ set, last4 }: { set: boolean; last4: string | null }) {
  if (!set) return <span className="key-unset">not set</span>
  return <span className="key-masked">{`•••• ${last4 ?? ''}`}</span>
}

export const CREDENTIAL_FIELDS = [
  { key: 'siteId', label: 'Site ID', short: 'Site ID', secret: false, hint: 'Settings → API credentials → Tracking API keys' },
  { key: 'trackApiKey', label: 'Track API key', short: 'Track', secret: true, hint: 'Paired with the Site ID; used to send people and events' },
  { key: 'appApiKey', label: 'App API key', short: 'App', secret: true, hint: 'Settings → API credentials → App API keys; used to read' },
  { key: 'writeKey', label: 'Pipelines write key', short: 'Pipelines', secret: true, hint: 'Data Pipelines → your source → API key' },
] as const

export type CredentialField = (typeof CREDENTIAL_FIELDS)[number]['key']
