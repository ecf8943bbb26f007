// The command palette: Ctrl+K (⌘K on macOS) anywhere, type a few letters of a screen or an action,
// Enter. ARIA 1.2 combobox + listbox: focus stays in the text field, the highlighted option is its
// active descendant, ↑/↓ move, Enter runs, Escape closes and gives focus back to where it was.
// "?" outside a text field lists the keyboard shortcuts (ShortcutsDialog).
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { filterCommands, type Match } from '../state/command-match'
import { isMac, typingInField, useCommands, type Command } from '../state/commands'
import { ShortcutsDialog } from './ShortcutsDialog'
import '../styles/palette.css'

/** Whether a modal dialog other than the palette is open (the palette does not open over one). */
function otherModalOpen(): boolean {
  return document.querySelector('dialog:modal:not(.palette)') != null
}

/** Listens for the palette and shortcut-list keys, and shows whichever is open. Mounted once. */
export function CommandPalette() {
  const { overlay, setOverlay } = useCommands()

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = isMac() ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey
      if (mod && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') {
        if (otherModalOpen()) return
        e.preventDefault()
        setOverlay(overlay === 'palette' ? null : 'palette')
      } else if (e.key === '?' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingInField(e.target) && overlay == null && !otherModalOpen()) {
        e.preventDefault()
        setOverlay('shortcuts')
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [overlay, setOverlay])

  if (overlay === 'palette') return <PaletteDialog onClose={() => setOverlay(null)} />
  if (overlay === 'shortcuts') return <ShortcutsDialog onClose={() => setOverlay(null)} />
  return null
}

function Highlighted({ text, ranges }: { text: string; ranges: Match['ranges'] }) {
  const parts: ReactNode[] = []
  let at = 0
  for (const [start, end] of ranges) {
    if (start > at) parts.push(text.slice(at, start))
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>)
    at = end
  }
  parts.push(text.slice(at))
  return <>{parts}</>
}

function PaletteDialog({ onClose }: { onClose: () => void }) {
  const { commands } = useCommands()
  const ref = useRef<HTMLDialogElement>(null)
  const inputRef = useRef<HTMLInputElement>(null)
  const [query, setQuery] = useState('')
  const [active, setActive] = useState(0)
  const [refusal, setRefusal] = useState<string | null>(null)
  const listId = useId()
  const optionId = (i: number) => `${listId}-option-${i}`
  const results = useMemo(() => filterCommands(query, commands), [query, commands])
  const onCloseRef = useRef(onClose)
  onCloseRef.current = onClose

  useEffect(() => {
    const d = ref.current
    if (!d) return
    const opener = document.activeElement as HTMLElement | null
    if (!d.open) d.showModal()
    inputRef.current?.focus()
    const onCancel = (e: Event) => {
      e.preventDefault() // React state decides; we unmount ourselves
      onCloseRef.current()
    }
    d.addEventListener('cancel', onCancel)
    return () => {
      d.removeEventListener('cancel', onCancel)
      if (d.open) d.close()
      if (opener && document.contains(opener)) opener.focus()
    }
  }, [])

  useEffect(() => setActive(0), [query])
  useEffect(() => {
    document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' })
  })

  function run(command: Command | undefined) {
    if (!command) return
    if (command.disabledReason) {
      setRefusal(`${command.label}: ${command.disabledReason}`)
      return
    }
    onClose()
    // After the palette has gone and focus is back where it was, so a dialog the command opens
    // returns focus there too, and a navigation moves it to the new screen.
    setTimeout(command.run, 0)
  }

  function onKeyDown(e: ReactKeyboardEvent<HTMLInputElement>) {
    const last = results.length - 1
    const moves: Record<string, () => number> = {
      ArrowDown: () => (active >= last ? 0 : active + 1),
      ArrowUp: () => (active <= 0 ? last : active - 1),
      PageDown: () => Math.min(last, active + 8),
      PageUp: () => Math.max(0, active - 8),
    }
    if (moves[e.key] && results.length > 0) {
      e.preventDefault()
      setRefusal(null)
      setActive(moves[e.key]())
    } else if (e.key === 'Enter') {
      e.preventDefault()
      run(results[active]?.command)
    } else if (e.key === 'Escape') {
      // Handled here, marked as handled, so a screen's own Escape (closing a panel) does not fire too.
      e.preventDefault()
      onClose()
    } else if (e.key === 'Tab') {
      e.preventDefault() // the field is the palette's only stop; Tab must not wander off
    }
  }

  const count = results.length
  return createPortal(
    <dialog
      ref={ref}
      className="palette"
      aria-label="Command palette"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose() // a click on the backdrop
      }}
    >
      <div className="palette-search">
        <input
          ref={inputRef}
          type="text"
          role="combobox"
          aria-label="Search commands"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={count > 0 ? optionId(active) : undefined}
          placeholder="Go to a screen or run an action…"
          autoComplete="off"
          spellCheck={false}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            setRefusal(null)
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul id={listId} role="listbox" aria-label="Commands" className="palette-list">
        {results.map(({ command, match }, i) => (
          <li
            key={command.id}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            aria-disabled={command.disabledReason ? true : undefined}
            className={`palette-option${i === active ? ' is-active' : ''}`}
            onMouseMove={() => i !== active && setActive(i)}
            onClick={() => run(command)}
          >
            <span className="palette-label">
              <Highlighted text={command.label} ranges={match.ranges} />
            </span>
            {command.disabledReason ? <span className="palette-note">{command.disabledReason}</span> : null}
            <span className="palette-group" aria-hidden="true">
              {command.group}
            </span>
            {command.shortcut ? <kbd className="palette-kbd">{command.shortcut}</kbd> : null}
          </li>
        ))}
      </ul>
      {count === 0 ? <p className="palette-empty">No command or screen matches “{query.trim()}”.</p> : null}
      <p className="palette-status" role="status">
        {refusal ?? (query.trim() ? `${count} ${count === 1 ? 'match' : 'matches'}` : '')}
      </p>
      <p className="palette-help" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>Enter</kbd> run · <kbd>Esc</kbd> close
      </p>
    </dialog>,
    document.body,
  )
}
