// The one diff language of cio-sync. Colours live in styles/theme.css (--diff-*); every tag also
// carries a symbol and a word, so meaning never depends on colour alone.
import type { ReactNode } from 'react'

export const DIFF_KINDS = ['create', 'update', 'unchanged', 'clear', 'delete', 'invalid', 'conflict'] as const
export type DiffKind = (typeof DIFF_KINDS)[number]

export const DIFF_META: Record<DiffKind, { symbol: string; label: string; meaning: string }> = {
  create: { symbol: '+', label: 'Create', meaning: 'new in Customer.io' },
  update: { symbol: '~', label: 'Update', meaning: 'old value → new value' },
  unchanged: { symbol: '=', label: 'Unchanged', meaning: 'same on both sides, not sent' },
  clear: { symbol: '∅', label: 'Clear', meaning: 'value removed' },
  delete: { symbol: '✕', label: 'Delete', meaning: 'person deleted from Customer.io' },
  invalid: { symbol: '!', label: 'Invalid', meaning: 'rejected before sending' },
  conflict: { symbol: '⇄', label: 'Conflict', meaning: 'changed here and in Customer.io' },
}

export function DiffTag({ kind, children }: { kind: DiffKind; children?: ReactNode }) {
  const m = DIFF_META[kind]
  return (
    <span className={`diff-tag diff-${kind}`}>
      <span className="diff-symbol" aria-hidden="true">
        {m.symbol}
      </span>
      {children ?? m.label}
    </span>
  )
}

/** An update rendered as old → new, each side labelled for screen readers. */
export function DiffValue({ from, to }: { from: ReactNode; to: ReactNode }) {
  return (
    <span className="diff-value">
      <del className="diff-old">
        <span className="sr-only">was </span>
        {from}
      </del>
      <span aria-hidden="true"> → </span>
      <ins className="diff-new">
        <span className="sr-only">, now </span>
        {to}
      </ins>
    </span>
  )
}

/** The legend: every kind with its symbol, label and meaning. */
export function DiffLegend() {
  return (
    <ul className="diff-legend" aria-label="Change types">
      {DIFF_KINDS.map((k) => (
        <li key={k}>
          <DiffTag kind={k} /> <span className="muted">{DIFF_META[k].meaning}</span>
        </li>
      ))}
    </ul>
  )
}
