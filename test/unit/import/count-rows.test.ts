import { describe, expect, it } from 'vitest'
import { countDataRows } from '../../../src-main/csv/count-rows'
import { tempFiles } from './temp-files'

// The file step's total: every data row of the whole file, as a plan will read them.
const file = tempFiles()

describe('countDataRows', () => {
  it('counts every data row of a file far larger than the sample, not the header', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => `p-${i},p${i}@example.com`)
    expect(await countDataRows(file('many.csv', `id,email\n${rows.join('\n')}\n`))).toBe(1234)
  })

  it('keeps a quoted line break inside its row and skips blank lines', async () => {
    expect(await countDataRows(file('quoted.csv', 'id,note\r\na,"two\r\nlines"\r\n\r\nb,plain\r\n'))).toBe(2)
  })

  it('reads the file in the encoding given', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id,name\r\n1,Zoë\r\n2,Åsa\r\n', 'utf16le')])
    expect(await countDataRows(file('utf16.csv', utf16), 'utf-16le')).toBe(2)
  })

  it('has no total for a file that is not a CSV table', async () => {
    expect(await countDataRows(file('empty.csv', ''))).toBeNull()
  })
})
