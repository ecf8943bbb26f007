// Where the plan's reader thread spends its time, phase by phase, on one thread (no worker):
//   node --import tsx bench/import/reader-phases.ts <mirror.db> <workspaceId> <people.csv>
// Phases: read+parse+validate, mirror lookups (lookupBatchPeople), judging rows (assessPerson),
// and the JSON text that carries a batch to the planner.
import Database from 'better-sqlite3'
import { suggestMapping } from '../../src-main/import/mapping'
import { assessPerson } from '../../src-main/import/plan/assess-person'
import { lookupBatchPeople } from '../../src-main/import/plan/batch-people'
import { MirrorLookup } from '../../src-main/import/plan/mirror-lookup'
import { encodeItems, validatedBatches } from '../../src-main/import/plan/plan-reader'
import { sniffFile } from '../../src-main/csv/sniff'

async function main(): Promise<void> {
  const [file, workspaceId, csv] = process.argv.slice(2)
  const db = new Database(file, { readonly: true, fileMustExist: true })
  const sniff = await sniffFile(csv)
  const options = { kind: 'people' as const, identifierType: 'id' as const }
  const mapping = suggestMapping('people', sniff.header, sniff.sample, options)
  const lookup = new MirrorLookup(db, workspaceId)
  const ms = { read: 0, lookup: 0, assess: 0, json: 0 }
  let t = performance.now()
  let rows = 0
  for await (const batch of validatedBatches({ path: csv, sniff, mapping, options, problems: [], batchSize: 5000 })) {
    const t1 = performance.now()
    ms.read += t1 - t
    const people = db.transaction(() => lookupBatchPeople(lookup, batch))()
    const t2 = performance.now()
    ms.lookup += t2 - t1
    const items = batch.map((item) => (item.record?.kind === 'people' ? { row: item.row, errors: item.errors, verdict: assessPerson(item.record, people) } : item))
    const t3 = performance.now()
    ms.assess += t3 - t2
    encodeItems(items)
    t = performance.now()
    ms.json += t - t3
    rows += batch.length
  }
  console.log(JSON.stringify({ rows, ms: Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)])), cpuMs: Math.round(process.cpuUsage().user / 1000) }))
}

void main()
