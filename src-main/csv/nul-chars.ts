// The validator's rule for NUL characters (U+0000) in a cell. Customer.io keeps attribute values
// as text that cannot hold a NUL, and most tools downstream cut a value at the first one, so a
// cell is never sent with one. In a value (an attribute, an event's data) they are removed, and
// the conversion is a row warning, before → after, with row and column: the plan lists it in the
// review before anything is pushed, as every conversion of a cell is. In a cell that says who or
// what the row is about (the identifier, an id/email attribute, an event name, a device or object
// id) removing a character could point the row at someone else, so the row is invalid instead.

const NUL = '\u0000'

interface Findings {
  fail(column: string | null, value: string | null, message: string): void
  warn(column: string, value: string, message: string): void
}

const quoted = (text: string) => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text)

export function hasNul(cell: string): boolean {
  return cell.includes(NUL)
}

function count(cell: string): string {
  const n = cell.split(NUL).length - 1
  return n === 1 ? '1 NUL character (U+0000)' : `${n} NUL characters (U+0000)`
}

/** A value cell without its NULs; the removal is listed as a warning of the row. */
export function withoutNul(column: string, cell: string, findings: Findings): string {
  const cleaned = cell.split(NUL).join('')
  findings.warn(column, cell, `column "${column}": ${quoted(cell)} held ${count(cell)}, which Customer.io cannot store; removed: ${quoted(cell)} → ${quoted(cleaned)}`)
  return cleaned
}

/** An identifying cell holding a NUL: the row is invalid (it is never guessed who it meant). */
export function refuseNul(column: string, cell: string, findings: Findings): void {
  findings.fail(column, cell, `column "${column}": ${quoted(cell)} contains ${count(cell)}, which Customer.io cannot store; it says who or what the row is about, so it is not changed on import: fix the file`)
}
