// A row's one-line summary that opens its details underneath (history tables): a real button with
// aria-expanded, pointing at the details only while they are shown.
import type { ReactNode } from 'react'

export function DisclosureButton({ expanded, controls, onToggle, children }: { expanded: boolean; controls: string; onToggle: () => void; children: ReactNode }) {
  return (
    <button type="button" className="disclosure" aria-expanded={expanded} aria-controls={expanded ? controls : undefined} onClick={onToggle}>
      <span className="disclosure-mark" aria-hidden="true">
        ▸
      </span>
      {children}
    </button>
  )
}
