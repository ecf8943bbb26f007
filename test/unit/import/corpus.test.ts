// Every file in test/fixtures/csv/bad/ goes through sniff → readRows → suggestMapping → validator.
// Nothing may throw (except the one documented CsvReadError); each file must get the specific
// error it was written to provoke, or, for hostile-but-valid files, import correctly with the
// reason written down here. A file added to the corpus without an entry here fails the test.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeHugeFiles } from '../../fixtures/csv/make-bad-files'
import { runPipeline, type PipelineOutcome } from './pipeline-harness'

const BAD_DIR = join(__dirname, '../../fixtures/csv/bad')

type Expectation =
  | { file: RegExp }
  | { mapping: RegExp }
  | { rows: RegExp; invalidRows: number[] }
  | { warning: RegExp; records: number }
  | { accepted: string; records: number; check?: (outcome: PipelineOutcome) => void }

const setOf = (o: PipelineOutcome, i: number) => (o.records[i] as { set: Record<string, unknown> }).set

const CORPUS: Record<string, Expectation> = {
  'empty.csv': { file: /the file is empty/ },
  'only-bom.csv': { file: /nothing but a byte-order mark/ },
  'only-blank-lines.csv': { file: /nothing but blank space/ },
  'header-only.csv': { accepted: 'a header and no rows imports nothing (0 rows); that is not an error', records: 0 },
  'png-image.csv': { file: /PNG image, not a CSV file/ },
  'xlsx-renamed.csv': { file: /ZIP archive \(an Excel \.xlsx workbook/ },
  'gzip-archive.csv': { file: /gzip archive/ },
  'nul-riddled.csv': { file: /NUL bytes .* looks binary/ },
  'utf16le-no-bom.csv': { rows: /"not-an-email" is not an email address/, invalidRows: [3] },
  'utf16be-no-bom.csv': { rows: /"not-an-email" is not an email address/, invalidRows: [3] },
  'mixed-line-endings.csv': {
    accepted: 'CRLF, LF and CR line endings in one file are all line ends; a CRLF inside quotes stays in the value (as LF)',
    records: 3,
    check: (o) => expect(setOf(o, 2).city).toBe('Rio\nde Janeiro'),
  },
  'cr-only-line-endings.csv': { accepted: 'old Mac CR-only line endings are line ends', records: 3, check: (o) => expect(setOf(o, 2).email).toBe('c@example.com') },
  'unterminated-quote.csv': { rows: /quoted value is never closed/, invalidRows: [3] },
  'header-unterminated-quote.csv': { file: /the header row: a quoted value is never closed/ },
  'quote-after-closing-quote.csv': { rows: /text after its closing quote/, invalidRows: [2] },
  'quote-inside-unquoted-field.csv': {
    accepted: 'a quote inside an unquoted value is data (RFC 4180 readers agree), e.g. a height of 5\'11"',
    records: 2,
    check: (o) => expect(setOf(o, 0).height).toBe('5\'11"'),
  },
  'ragged-more-cells.csv': { rows: /has 5 cells but the header has 3 columns/, invalidRows: [3] },
  'ragged-fewer-cells.csv': { rows: /has 2 cells but the header has 4 columns/, invalidRows: [3] },
  'wildly-ragged.csv': { file: /not a regular CSV table/ },
  'duplicate-headers.csv': { file: /"email" appears 2 times \(columns 2, 4\)/ },
  'empty-header-name.csv': { file: /column 2 has no name/ },
  'id-Id-ID-headers.csv': { mapping: /columns "id", "Id", "ID" all go to "id"/ },
  'no-identifier-column.csv': { mapping: /no column identifies the person/ },
  'blank-identifier-column.csv': { rows: /column "id" is blank/, invalidRows: [2, 3, 4] },
  'id-151-bytes.csv': { rows: /is 15[12] bytes long; Customer.io takes ids of at most 150/, invalidRows: [2, 3] },
  'value-1001-bytes.csv': { rows: /is 100[12] bytes; Customer.io takes values of at most 1000/, invalidRows: [2, 3] },
  'attribute-name-151-bytes.csv': { mapping: /attribute name from column 2 is 151 bytes/ },
  '301-attributes.csv': { rows: /sets or clears 301 attributes/, invalidRows: [2] },
  'row-over-32kb.csv': { rows: /36 KB operation; Customer.io takes at most 32 KB/, invalidRows: [2] },
  'bad-emails.csv': { rows: /is not an email address/, invalidRows: Array.from({ length: 15 }, (_, i) => i + 2) },
  'bad-cio-ids.csv': { rows: /cio_id/, invalidRows: [2, 3, 4] },
  'invalid-numbers.csv': { rows: /is not a number|thousands separator|decimal comma|too large/, invalidRows: [57, 58, 59, 60, 61] },
  'thousands-separators.csv': { rows: /has a thousands separator/, invalidRows: [57, 58, 59] },
  'invalid-booleans.csv': { rows: /is not a yes\/no value/, invalidRows: [57, 58, 59] },
  'invalid-dates.csv': { rows: /is not a (real )?date/, invalidRows: [57, 58, 59, 60] },
  'negative-overflowing-timestamps.csv': { rows: /negative timestamp|after the year 9999|not a date/, invalidRows: [57, 58, 59] },
  'deeply-nested-json.csv': { rows: /nested 40 levels deep|not valid JSON/, invalidRows: [57, 58] },
  'formula-injection.csv': { warning: /starts like a spreadsheet formula/, records: 5 },
  'control-characters.csv': { warning: /contains control characters/, records: 3 },
  'rtl-zero-width-headers.csv': { warning: /contains invisible characters/, records: 1 },
  'header-10000-columns.csv': { file: /the header has 10000 columns; at most 1000/ },
  'trailing-delimiter.csv': { accepted: 'a trailing delimiter (an empty last column) is common in exports and carries no data', records: 2 },
  'semicolon-commas-in-values.csv': {
    accepted: 'a semicolon file whose values hold commas: the delimiter is detected by consistency',
    records: 2,
    check: (o) => expect(setOf(o, 0)).toMatchObject({ name: 'Smith, John', amount: '1,5' }),
  },
  // issue 14: one stray byte no longer turns the file into Windows-1252; its row alone is refused, naming the offset
  'utf8-one-latin1-byte.csv': { rows: /column "first_name": byte 0xE7 at byte offset \d+ of the file is not UTF-8/, invalidRows: [501] },
  'phone-numbers.csv': {
    accepted: 'issue 14: a leading + or 0, or more than 15 digits, keeps a column as text: nothing a number would drop or round is converted',
    records: 3,
    check: (o) => expect(setOf(o, 0)).toEqual({ email: 'p1@example.com', contact: '+4915112345678', mobile: '4915112345678', zip: '01234', card_ref: '4111111111111111', score: 1.5 }),
  },
  'windows-1252-accents.csv': {
    accepted: 'Windows-1252 (Excel on Western Windows) is detected and decoded',
    records: 3,
    check: (o) => expect(setOf(o, 0)).toMatchObject({ first_name: 'José', city: 'São Paulo' }),
  },
  'emoji.csv': { accepted: 'emoji are ordinary text; a header of only an emoji has no attribute name and is ignored', records: 2, check: (o) => expect(setOf(o, 0).first_name).toBe('Ana 👩‍💻') },
  'blank-lines-and-delimiter-rows.csv': {
    accepted: 'blank lines and rows of bare delimiters are not data; they keep their row numbers',
    records: 3,
    check: (o) => expect(o.records.map((r) => r.row)).toEqual([2, 4, 6]),
  },
  'events-no-event-name.csv': { mapping: /an events file needs a column for event_name/ },
  'events-bad-name-and-time.csv': { rows: /event name is 101 bytes|event name is blank|not a date/, invalidRows: [2, 3, 4] },
  'devices-bad-platform.csv': { rows: /not a platform Customer.io accepts|platform is blank/, invalidRows: [3, 4] },
  'relationships-missing-ids.csv': { rows: /object type id is blank|not an object type id|object id is blank/, invalidRows: [3, 4, 5] },
  'segment-members-bad-action.csv': { rows: /"delete" is not an action/, invalidRows: [3] },
}

function assertExpectation(name: string, o: PipelineOutcome, expected: Expectation) {
  const invalid = o.errors.filter((e) => e.severity === 'invalid')
  for (const e of o.errors) {
    expect(e.message.length, `${name}: every error says something`).toBeGreaterThan(10)
    // A cell's error names its column and value; row-shape errors name the row only.
    if (e.row > 0 && e.value !== null && e.value !== '' && e.column === null) expect(e.message).toMatch(/row|cells|quote|operation|attributes/)
  }
  if ('file' in expected) {
    expect(o.fileErrors.join('\n')).toMatch(expected.file)
  } else if ('mapping' in expected) {
    expect(o.fileErrors).toEqual([])
    const rowZero = invalid.filter((e) => e.row === 0)
    expect(rowZero.map((e) => e.message).join('\n')).toMatch(expected.mapping)
    expect(rowZero[0].message).toContain(name)
    expect(o.records).toEqual([])
  } else if ('rows' in expected) {
    expect(o.fileErrors).toEqual([])
    expect([...new Set(invalid.map((e) => e.row))]).toEqual(expected.invalidRows)
    for (const e of invalid) expect(e.message).toMatch(expected.rows)
    // What was fine is kept: every other row became a record.
    expect(o.records.length).toBe(o.rows - expected.invalidRows.length)
  } else if ('warning' in expected) {
    expect(invalid).toEqual([])
    expect(o.errors.some((e) => e.severity === 'warning' && expected.warning.test(e.message) && e.column !== null)).toBe(true)
    expect(o.records.length).toBe(expected.records)
  } else {
    expect(o.fileErrors).toEqual([])
    expect(invalid).toEqual([])
    expect(o.records.length).toBe(expected.records)
    expected.check?.(o)
  }
}

describe('the corpus of malformed and hostile files', () => {
  const files = readdirSync(BAD_DIR).filter((n) => n.endsWith('.csv')).sort()

  it('has at least 35 files, each with a declared expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(35)
    expect(files.filter((f) => !(f in CORPUS))).toEqual([])
    expect(Object.keys(CORPUS).filter((f) => !files.includes(f))).toEqual([])
  })

  it.each(files)('%s gets its clear error, or imports correctly for a stated reason', async (name) => {
    const outcome = await runPipeline(join(BAD_DIR, name))
    expect(outcome.readError).toBeNull()
    assertExpectation(name, outcome, CORPUS[name])
  })

  describe('multi-megabyte cases, written at test time', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cio-csv-huge-'))
    afterAll(() => rmSync(dir, { recursive: true, force: true }))
    const [dataRow, firstLine] = writeHugeFiles(dir)

    it('a 2 MB value is read whole and rejected as too big; the next row still imports', async () => {
      const o = await runPipeline(dataRow)
      expect(o.rows).toBe(2)
      expect(o.errors.filter((e) => e.severity === 'invalid').map((e) => [e.row, e.column])).toEqual([[2, 'note']])
      expect(o.errors[0].value).toHaveLength(200)
      expect(o.records.map((r) => r.row)).toEqual([3])
    })

    it('a 2 MB first line without a newline is not a CSV header', async () => {
      const o = await runPipeline(firstLine)
      expect(o.fileErrors.join()).toMatch(/first line is longer than 1 MB/)
    })
  })
})
