// Lines of the human plan output (`import … --dry-run` without --json) for what the plan found
// beyond its counts (issue 14): each conversion of cells with an example, before → after, and each
// attribute the push would create.

import type { ImportSummary } from '../contract/imports'

type Conversion = NonNullable<ImportSummary['conversions']>[number]

/** `column "Score" → score: text → number, 55 cells (3 written differently), e.g. row 4: "1.50" → 1.5` */
export function describeConversion(c: Conversion): string {
  const written = c.changed === 0 ? '' : c.changed === c.cells ? ', each written differently' : ` (${c.changed} written differently)`
  const example = c.example ? `, e.g. row ${c.example.row}: ${JSON.stringify(c.example.before)} → ${c.example.after}` : ''
  return `column "${c.column}" → ${c.attribute}: ${c.conversion}, ${c.cells} ${c.cells === 1 ? 'cell' : 'cells'}${written}${example}`
}

type NewAttribute = NonNullable<ImportSummary['newAttributes']>[number]

/** `new attribute "ltv" (column "LTV") on 50 people, 50 of whom change only because of it; …` */
export function describeNewAttribute(a: NewAttribute): string {
  const only = a.onlyChange === 0 ? '' : `, ${a.onlyChange} of whom ${a.onlyChange === 1 ? 'changes' : 'change'} only because of it`
  const similar = a.similar.length > 0 ? `; the workspace has ${a.similar.map((n) => `"${n}"`).join(', ')}: a typo? (--map "${a.column}=${a.similar[0]}")` : ''
  return `new attribute "${a.attribute}" (column "${a.column}") on ${a.people} ${a.people === 1 ? 'person' : 'people'}${only}: the workspace has no such attribute yet${similar}; check the mapping before pushing`
}
