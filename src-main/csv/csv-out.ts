// CSV written by cio-sync for people to open in a spreadsheet. A cell starting with = + - @, a tab
// or a carriage return is read as a formula by Excel, LibreOffice and Sheets ("CSV injection"), and
// an import file is untrusted input: such cells get a leading apostrophe, which the spreadsheet
// shows as plain text (docs/DESIGN.md "Security": exported CSVs neutralise formula cells).

const FORMULA_START = /^[=+\-@\t\r]/

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

/** RFC 4180 quoting: quote when the cell holds the delimiter, a quote or a line break. */
export function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}

export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => quoteCell(neutraliseCell(c))).join(',')
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n'
}
