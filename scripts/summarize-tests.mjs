// Sums the vitest and Playwright JSON reports into the one plain line CI reads.
import { existsSync, readFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const [vitestFile, playwrightFile] = process.argv.slice(2)

if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'))
  passed += v.numPassedTests
  failed += v.numFailedTests
  skipped += v.numPendingTests + (v.numTodoTests ?? 0)
  // A file that failed to load counts as a failure even though it ran no test.
  failed += v.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
} else {
  console.log(`no vitest report at ${vitestFile}`)
  failed += 1
}

if (existsSync(playwrightFile)) {
  const p = JSON.parse(readFileSync(playwrightFile, 'utf8'))
  passed += p.stats.expected + (p.stats.flaky ?? 0)
  failed += p.stats.unexpected
  skipped += p.stats.skipped
  failed += (p.errors ?? []).length
} else {
  console.log(`no Playwright report at ${playwrightFile}`)
  failed += 1
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 ? 1 : 0)
