// "?" (or "Keyboard shortcuts" in the command palette): every key the app answers to, in one list.
// Commands that carry a shortcut of their own (a screen's "/" for search) are listed from the registry.
import { Dialog } from './Dialog'
import { paletteShortcut, useCommands } from '../state/commands'

interface Shortcut {
  keys: string[]
  what: string
}

function fixedShortcuts(): Array<{ title: string; items: Shortcut[] }> {
  return [
    {
      title: 'Anywhere',
      items: [
        { keys: [paletteShortcut().label], what: 'Open the command palette: go to a screen, sync, switch workspace…' },
        { keys: ['?'], what: 'This list of shortcuts (outside a text field)' },
        { keys: ['Tab', 'Shift+Tab'], what: 'Move between controls; the first Tab offers “Skip to content”' },
        { keys: ['Esc'], what: 'Close the dialog, panel or palette; focus returns where it was' },
      ],
    },
    {
      title: 'Tables of people, plans and rows',
      items: [
        { keys: ['↑', '↓'], what: 'Previous or next row' },
        { keys: ['PgUp', 'PgDn', 'Home', 'End'], what: 'A page up or down, the first or last row' },
        { keys: ['→', '←'], what: 'Move across the cells of an editable table' },
        { keys: ['Enter'], what: 'Open the row (a person’s panel), or edit the chosen cell' },
        { keys: ['F2'], what: 'Edit the chosen cell' },
        { keys: ['Esc'], what: 'Cancel an edit, or leave the cell' },
      ],
    },
  ]
}

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  const { commands } = useCommands()
  const fromCommands = commands.filter((c) => c.shortcut && c.shortcut !== '?').map((c) => ({ keys: [c.shortcut as string], what: c.label }))
  const sections = fixedShortcuts()
  if (fromCommands.length) sections.splice(1, 0, { title: 'On this screen', items: fromCommands })
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      {sections.map((s) => (
        <section key={s.title} className="shortcuts-section" aria-label={s.title}>
          <h3>{s.title}</h3>
          <dl className="shortcuts">
            {s.items.map((item) => (
              <div key={item.what} className="shortcut-row">
                <dt>
                  {item.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 ? ' ' : null}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </dt>
                <dd>{item.what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <div className="form-actions">
        <button type="button" className="primary" onClick={onClose} data-autofocus>
          Close
        </button>
      </div>
    </Dialog>
  )
}
