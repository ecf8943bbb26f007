import { describe, expect, it } from 'vitest'
import { csvLine, neutraliseCell, toCsv } from '../../../src-main/csv/csv-out'

describe('rejected CSV cells', () => {
  it('neutralises every cell a spreadsheet would run as a formula', () => {
    for (const hostile of ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx']) expect(neutraliseCell(hostile)).toBe(`'${hostile}`)
    for (const plain of ['jane@example.com', '42', '', ' =not first', 'a=b']) expect(neutraliseCell(plain)).toBe(plain)
  })

  it('quotes after neutralising, so the apostrophe lands inside the quotes', () => {
    expect(csvLine(['=HYPERLINK("http://x","y")', 'a,b', 'ok'])).toBe(`"'=HYPERLINK(""http://x"",""y"")","a,b",ok`)
    expect(toCsv(['id', 'error'], [['1', 'line\nbreak']])).toBe('id,error\r\n1,"line\nbreak"\r\n')
  })
})
