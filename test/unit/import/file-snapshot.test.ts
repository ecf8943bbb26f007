import { appendFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { fileChange, sizeChange } from '../../../src-main/csv/file-snapshot'
import { readRows } from '../../../src-main/csv/read-rows'
import { sniffFile } from '../../../src-main/csv/sniff'
import { tempFiles } from './temp-files'

// Issue 14, item 6: the reader reads exactly the snapshot the sniffer hashed, and notices when
// those bytes are not the same any more.
const file = tempFiles()

async function allRows(path: string, sniff: Awaited<ReturnType<typeof sniffFile>>) {
  const rows: string[][] = []
  for await (const batch of readRows(path, sniff, { batchSize: 2 })) rows.push(...batch.map((r) => r.cells))
  return rows
}

describe('a file snapshot', () => {
  it('reads no row appended after the sniff, and says the file grew', async () => {
    const path = file('grow.csv', 'id,plan\na,pro\nb,pro\n')
    const sniff = await sniffFile(path)
    appendFileSync(path, 'c,pro\n')
    expect(await allRows(path, sniff)).toEqual([['a', 'pro'], ['b', 'pro']])
    expect((await sizeChange(path, sniff.bytes)).change).toEqual({ kind: 'grew', what: 'it grew from 20 bytes to 26 bytes' })
  })

  it('fails a read whose bytes changed under it, and tells a same-size change from none', async () => {
    const path = file('swap.csv', 'id,plan\na,pro\nb,pro\n')
    const sniff = await sniffFile(path)
    expect(await fileChange(path, sniff)).toBeNull()
    writeFileSync(path, 'id,plan\na,pro\nb,PRO\n')
    await expect(allRows(path, sniff)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('swap.csv changed while it was being read') })
    expect(await fileChange(path, sniff)).toMatchObject({ kind: 'content' })
    writeFileSync(path, 'id,plan\na,pro\n')
    await expect(allRows(path, sniff)).rejects.toMatchObject({ message: expect.stringContaining('it shrank below the 20 bytes') })
  })
})
