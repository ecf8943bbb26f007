// Every error the user sees: what happened, and what to do next.
import { nextStep, type IpcError } from '../api'

interface ErrorAlertProps {
  error: IpcError
  /** What the user was doing, e.g. "Could not save the workspace" */
  title: string
  onRetry?: () => void
  onDismiss?: () => void
}

export function ErrorAlert({ error, title, onRetry, onDismiss }: ErrorAlertProps) {
  return (
    <div role="alert" className="alert alert-error">
      <div className="alert-text">
        <strong>{title}.</strong> <span>{error.message}</span>
        <div className="alert-next">{nextStep(error)}</div>
        {error.code === 'VALIDATION' && error.issues?.length ? (
          <ul className="alert-issues">
            {error.issues.map((i, n) => (
              <li key={n}>
                {i.path ? <code>{i.path}</code> : null} {i.message}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      <div className="alert-actions">
        {onRetry && error.retryable ? (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
        {onDismiss ? (
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={onDismiss}>
            ×
          </button>
        ) : null}
      </div>
      <span className="alert-code" title="Error code">
        {error.code}
      </span>
    </div>
  )
}
