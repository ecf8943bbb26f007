// The value typed to resolve a conflict: a labelled box with Save and Cancel (Enter saves, Escape
// cancels). Empty text clears the attribute, as everywhere values are edited.
import { useEffect, useRef, useState } from 'react'

interface TypedValueEditorProps {
  label: string
  initial: string
  onSave: (text: string) => void
  onCancel: () => void
}

export function TypedValueEditor({ label, initial, onSave, onCancel }: TypedValueEditorProps) {
  const [text, setText] = useState(initial)
  const ref = useRef<HTMLInputElement>(null)

  useEffect(() => {
    ref.current?.focus()
    ref.current?.select()
  }, [])

  return (
    <span className="typed-value-editor">
      <input
        ref={ref}
        type="text"
        aria-label={label}
        value={text}
        placeholder="empty clears the attribute"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            onSave(text)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            e.stopPropagation()
            onCancel()
          }
        }}
      />
      <button type="button" onClick={() => onSave(text)}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  )
}
