// One Sync split button: the main part syncs (pull, then push the queued changes); the arrow opens
// a menu with Pull only, Push N queued changes, Full re-pull and Deep pull. The menu follows the
// WAI-ARIA menu button pattern: Enter, Space or ↓ opens it on the first item, ↑ on the last; ↑/↓,
// Home and End move; Enter or Space runs an item; Escape closes it and gives focus back to the arrow,
// Tab closes it. An item that cannot run now stays in the menu, focusable, with the reason under it.
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useSyncActions, type SyncAction } from './useSyncActions'

export function SyncMenuButton() {
  const actions = useSyncActions()
  const [open, setOpen] = useState(false)
  const menuId = useId()
  const toggleRef = useRef<HTMLButtonElement>(null)
  const menuRef = useRef<HTMLUListElement>(null)
  const wrapRef = useRef<HTMLDivElement>(null)
  const focusOnOpen = useRef<'first' | 'last'>('first')
  const items: SyncAction[] = [actions.pullOnly, actions.push, actions.fullRePull, actions.deepPull]

  const menuItems = () => [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])]

  useEffect(() => {
    if (!open) return
    const list = menuItems()
    ;(focusOnOpen.current === 'first' ? list[0] : list[list.length - 1])?.focus()
    const onPointer = (e: PointerEvent) => {
      if (e.target instanceof Node && !wrapRef.current?.contains(e.target)) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  function openAt(where: 'first' | 'last') {
    focusOnOpen.current = where
    setOpen(true)
  }

  function close(refocus: boolean) {
    setOpen(false)
    if (refocus) toggleRef.current?.focus()
  }

  function onToggleKey(e: KeyboardEvent) {
    if (e.key === 'ArrowDown' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault()
      openAt('first')
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      openAt('last')
    }
  }

  function onMenuKey(e: KeyboardEvent) {
    const list = menuItems()
    const at = list.indexOf(document.activeElement as HTMLButtonElement)
    const move = (i: number) => list[(i + list.length) % list.length]?.focus()
    if (e.key === 'ArrowDown') move(at + 1)
    else if (e.key === 'ArrowUp') move(at - 1)
    else if (e.key === 'Home') move(0)
    else if (e.key === 'End') move(list.length - 1)
    else if (e.key === 'Escape') {
      // Escape here must not also close a panel or dialog around the header.
      e.stopPropagation()
      close(true)
    } else if (e.key === 'Tab') {
      setOpen(false)
      return
    } else return
    e.preventDefault()
  }

  function choose(item: SyncAction) {
    if (item.disabled) return
    close(true)
    item.run()
  }

  return (
    <div className="split-button" ref={wrapRef}>
      <button type="button" className="primary split-main" onClick={actions.sync.run} disabled={actions.sync.disabled} title={actions.sync.description}>
        <span aria-hidden="true">⟳ </span>
        {actions.sync.label}
      </button>
      <button
        ref={toggleRef}
        type="button"
        className="primary split-toggle"
        aria-label="More sync actions"
        title="More sync actions: pull only, push, full re-pull, deep pull"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close(false) : openAt('first'))}
        onKeyDown={onToggleKey}
      >
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <ul id={menuId} ref={menuRef} role="menu" aria-label="Sync actions" className="split-menu" onKeyDown={onMenuKey}>
          {items.map((item) => (
            <MenuItem key={item.label} item={item} onChoose={() => choose(item)} />
          ))}
        </ul>
      ) : null}
      {actions.dialog}
    </div>
  )
}

function MenuItem({ item, onChoose }: { item: SyncAction; onChoose: () => void }) {
  const labelId = useId()
  const descId = useId()
  return (
    <li role="none">
      <button type="button" role="menuitem" tabIndex={-1} aria-disabled={item.disabled || undefined} aria-labelledby={labelId} aria-describedby={descId} onClick={onChoose}>
        <span id={labelId} className="split-menu-label">
          {item.label}
        </span>
        <span id={descId} className="split-menu-desc">
          {item.description}
        </span>
      </button>
    </li>
  )
}
