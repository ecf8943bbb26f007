// Lines of the human plan output (`import … --dry-run` without --json) for what the plan found
// beyond its counts (issue 14): each conversion of cells with an example, before → after.

import type { ImportSummary } from '../ipc/contracts/imports'

type Conversion = NonNullable<ImportSummary['conversions']>[number]

/** `column "Score" → score: text → number, 55 cells (3 written differently), e.g. row 4: "1.50" → 1.5` */
export function describeConversion(c: Conversion): string {
  const written = c.changed === 0 ? '' : c.changed === c.cells ? ', each written differently' : ` (${c.changed} written differently)`
  const example = c.example ? `, e.g. row ${c.example.row}: ${JSON.stringify(c.example.before)} → ${c.example.after}` : ''
  return `column "${c.column}" → ${c.attribute}: ${c.conversion}, ${c.cells} ${c.cells === 1 ? 'cell' : 'cells'}${written}${example}`
}
