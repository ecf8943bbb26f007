// The honest empty screen: what this place is for, and how it gets filled.
import type { ReactNode } from 'react'

interface EmptyStateProps {
  title: string
  icon?: string
  children: ReactNode
  /** optional actions (buttons/links) */
  actions?: ReactNode
}

export function EmptyState({ title, icon, children, actions }: EmptyStateProps) {
  return (
    <section className="empty" aria-label={title}>
      {icon ? (
        <div className="empty-icon" aria-hidden="true">
          {icon}
        </div>
      ) : null}
      <h2 className="empty-title">{title}</h2>
      <div className="empty-body">{children}</div>
      {actions ? <div className="empty-actions">{actions}</div> : null}
    </section>
  )
}

interface ScreenProps {
  title: string
  subtitle?: ReactNode
  actions?: ReactNode
  children: ReactNode
  /** fill the window's height (for screens built around a grid that scrolls by itself) */
  fill?: boolean
}

/** A screen's frame: the page heading, an optional toolbar, and the content. */
export function Screen({ title, subtitle, actions, children, fill = false }: ScreenProps) {
  return (
    <div className={`screen${fill ? ' screen-fill' : ''}`}>
      <div className="screen-head">
        <div>
          <h1>{title}</h1>
          {subtitle ? <p className="screen-sub">{subtitle}</p> : null}
        </div>
        {actions ? <div className="screen-actions">{actions}</div> : null}
      </div>
      <div className="screen-body">{children}</div>
    </div>
  )
}
