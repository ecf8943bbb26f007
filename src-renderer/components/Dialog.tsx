// A modal built on the native <dialog>: Escape and the backdrop come from the browser. The browser
// lets Tab leave a modal dialog for its own toolbar (in a headless page: the document itself), so
// Tab and Shift+Tab wrap around the dialog's controls here.
import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

// While any dialog is open the rest of the app (#root) is hidden from assistive technology and
// made inert, so only the dialog's controls can be found or reached. Dialogs render into <body>.
let openCount = 0
function setBackgroundHidden(hidden: boolean) {
  const root = document.getElementById('root')
  if (!root) return
  if (hidden) {
    root.setAttribute('aria-hidden', 'true')
    root.inert = true
  } else {
    root.removeAttribute('aria-hidden')
    root.inert = false
  }
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"])'

/** Keeps Tab inside `dialog`: from the last control to the first, Shift+Tab from the first to the last. */
export function trapTab(e: KeyboardEvent<HTMLElement>, dialog: HTMLElement): void {
  if (e.key !== 'Tab') return
  const items = [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 && !el.closest('[inert]'))
  if (items.length === 0) return
  const first = items[0]
  const last = items[items.length - 1]
  const at = document.activeElement
  if (e.shiftKey && (at === first || !dialog.contains(at))) {
    e.preventDefault()
    last.focus()
  } else if (!e.shiftKey && (at === last || !dialog.contains(at))) {
    e.preventDefault()
    first.focus()
  }
}

interface DialogProps {
  title: string
  /** Called on Escape, on the close button, or when the parent should unmount the dialog. */
  onClose: () => void
  children: ReactNode
  /** optional one-line explanation under the title, also the dialog's description */
  description?: ReactNode
  tone?: 'default' | 'danger'
  wide?: boolean
}

export function Dialog({ title, onClose, children, description, tone = 'default', wide = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const descId = useId()
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const d = ref.current
    if (!d) return
    const opener = document.activeElement as HTMLElement | null
    openCount += 1
    setBackgroundHidden(true)
    if (!d.open) d.showModal()
    // Land on the first field (or a [data-autofocus] element) rather than the close button.
    const first = d.querySelector<HTMLElement>('[data-autofocus], .dialog-body input:not([disabled]), .dialog-body button:not([disabled])')
    first?.focus()
    const onCancel = (e: Event) => {
      e.preventDefault() // we unmount it ourselves so React state stays the source of truth
      onCloseRef.current()
    }
    d.addEventListener('cancel', onCancel)
    return () => {
      d.removeEventListener('cancel', onCancel)
      if (d.open) d.close()
      openCount -= 1
      if (openCount === 0) setBackgroundHidden(false)
      // Give focus back to whatever opened the dialog, if it is still in the page.
      if (opener && document.contains(opener)) opener.focus()
    }
  }, [])

  return createPortal(
    <dialog
      ref={ref}
      className={`dialog${tone === 'danger' ? ' dialog-danger' : ''}${wide ? ' dialog-wide' : ''}`}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      // React bubbles events from a portal to its React ancestors: without this, the Escape that
      // closes a dialog opened from the person panel would close the panel as well.
      onKeyDown={(e) => {
        if (e.key === 'Escape') e.stopPropagation()
        trapTab(e, e.currentTarget)
      }}
    >
      <header className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" aria-label="Close" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </header>
      {description ? (
        <p id={descId} className="dialog-desc">
          {description}
        </p>
      ) : null}
      <div className="dialog-body">{children}</div>
    </dialog>,
    document.body,
  )
}
