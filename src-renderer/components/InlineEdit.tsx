// One value edited in place (a grid cell, a row of the person panel): a labelled text box that
// commits on Enter and cancels on Escape (or when focus leaves it). In a grid, Tab commits too
// and moves to the next cell (Shift+Tab to the previous one), as in a spreadsheet. Typed text becomes an attribute
// value of the same kind as the value it replaces: a number stays a number, true/false a boolean.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react'
import type { EditValue } from '../api'

/** A value as the text box starts with it. */
export function editText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean') return String(v)
  try {
    return JSON.stringify(v)
  } catch {
    return String(v)
  }
}

export type ValueType = 'text' | 'number' | 'boolean'

export function typeOf(v: unknown): ValueType {
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'text'
}

/**
 * Typed text → the value to send. Empty text clears the attribute (null). Text that does not read
 * as the wanted type ("abc" for a number) stays text rather than being lost.
 */
export function parseEdit(text: string, type: ValueType): EditValue {
  if (text === '') return null
  const t = text.trim()
  if (type === 'number' && t !== '' && Number.isFinite(Number(t))) return Number(t)
  if (type === 'boolean' && (t.toLowerCase() === 'true' || t.toLowerCase() === 'false')) return t.toLowerCase() === 'true'
  return text
}

interface InlineEditProps {
  /** the text box's accessible name, e.g. "New value of plan" */
  label: string
  initial: string
  /** Enter: resolves when the edit is recorded; a rejection message keeps the box open */
  onCommit: (text: string) => Promise<string | null> | string | null
  /** Escape, or focus left the box (then focus stays where the user put it) */
  onCancel: (how: 'escape' | 'blur') => void
  /** Tab (back: Shift+Tab) commits, then this moves on; without it Tab leaves the box as usual */
  onTab?: (back: boolean) => void
  placeholder?: string
  className?: string
}

export function InlineEdit({ label, initial, onCommit, onCancel, onTab, placeholder, className }: InlineEditProps) {
  const [text, setText] = useState(initial)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const ref = useRef<HTMLInputElement>(null)
  const done = useRef(false)

  useEffect(() => {
    ref.current?.focus()
    ref.current?.select()
  }, [])

  async function commit(then?: () => void) {
    if (busy) return
    setBusy(true)
    const error = await onCommit(text)
    if (error) {
      setBusy(false)
      setProblem(error)
      ref.current?.focus()
      return
    }
    done.current = true
    then?.()
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    // Keys typed here never reach the grid or the panel around the box.
    e.stopPropagation()
    if (e.key === 'Enter') {
      e.preventDefault()
      void commit()
    } else if (e.key === 'Tab' && onTab) {
      e.preventDefault()
      const back = e.shiftKey
      void commit(() => onTab(back))
    } else if (e.key === 'Escape') {
      e.preventDefault()
      done.current = true
      onCancel('escape')
    }
  }

  return (
    <span className={`inline-edit${className ? ` ${className}` : ''}`}>
      <input
        ref={ref}
        type="text"
        aria-label={label}
        aria-invalid={problem ? true : undefined}
        value={text}
        placeholder={placeholder}
        readOnly={busy}
        onChange={(e) => {
          setText(e.target.value)
          setProblem(null)
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (!done.current && !busy) onCancel('blur')
        }}
        onClick={(e) => e.stopPropagation()}
        onDoubleClick={(e) => e.stopPropagation()}
        title="Enter saves as a pending edit, Escape cancels"
      />
      {problem ? (
        <span role="alert" className="inline-edit-problem">
          {problem}
        </span>
      ) : null}
    </span>
  )
}
