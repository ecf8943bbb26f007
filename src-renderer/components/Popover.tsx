// A small popover built on <details>: keyboard and screen readers get a native disclosure.
// It closes on Escape, on a click outside, and when `closeSignal` changes.
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react'

interface PopoverProps {
  /** the summary's content (looks like a button) */
  label: ReactNode
  /** the summary's accessible name when `label` is not plain text */
  ariaLabel?: string
  children: ReactNode
  closeSignal?: unknown
}

export function Popover({ label, ariaLabel, children, closeSignal }: PopoverProps) {
  const ref = useRef<HTMLDetailsElement>(null)

  useEffect(() => {
    if (ref.current) ref.current.open = false
  }, [closeSignal])

  useEffect(() => {
    const onPointer = (e: PointerEvent) => {
      const d = ref.current
      if (d?.open && e.target instanceof Node && !d.contains(e.target)) d.open = false
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [])

  function onKeyDown(e: KeyboardEvent) {
    const d = ref.current
    if (e.key === 'Escape' && d?.open) {
      e.preventDefault()
      e.stopPropagation()
      d.open = false
      d.querySelector('summary')?.focus()
    }
  }

  return (
    <details ref={ref} className="popover" onKeyDown={onKeyDown}>
      <summary className="button-like" aria-label={ariaLabel}>
        {label}
      </summary>
      <div className="popover-panel">{children}</div>
    </details>
  )
}
