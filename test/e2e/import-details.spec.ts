import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Import details (issue 15, point 9): the file step gives the whole file's row count (the sample's
// size only as secondary text); every row number is the spreadsheet's (the header is row 1, the
// first data row is row 2); duplicate rows are shown side by side with the differing cells marked;
// the identifier column is always in the review; counts agree with their nouns ("1 row", "2 rows").
let host: Host
let sandbox: SandboxHandle

async function track(id: string, body: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1/customers/${id}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, exportDelayMs: 50 })
  await track('dd-1', { email: 'dd-1@example.com', first_name: 'Old', plan: 'basic' })
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

/**
 * 1,234 data rows (far more than the 50 read as a sample). In spreadsheet rows: dd-1 (row 2) updates
 * its plan only; row 6 has a bad email; dd-7 is on rows 8 and 31 with different first names.
 */
function bigCsv(): string {
  const lines = ['id,email,first_name,plan']
  for (let i = 1; i <= 1234; i++) {
    const email = i === 5 ? 'five-at-example.com' : `dd-${i}@example.com`
    const first = i === 1 ? 'Old' : `Name${i}`
    lines.push(`dd-${i},${email},${first},pro`)
  }
  // data row 30 (spreadsheet row 31) repeats dd-7 with another first name
  lines[30] = 'dd-7,dd-7@example.com,Seventh,pro'
  return lines.join('\n') + '\n'
}

test('the file step counts every row; the review numbers rows as a spreadsheet and shows duplicates side by side', async ({ page }) => {
  test.setTimeout(150_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Details')
  await pullFromSyncScreen(page)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  await page.getByLabel('CSV file').setInputFiles({ name: 'details.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv()) })

  // The whole file's rows, counted; the sample only as secondary text.
  const facts = page.locator('.inspect-result')
  await expect(facts.getByText('1,234 rows')).toBeVisible({ timeout: 30_000 })
  await expect(facts).toContainText('first 50 rows read as a sample')
  await expect(facts).not.toContainText('Rows in sample')
  await expectNoSeriousA11yViolations(page, 'import-file')
  await attachScreenshot(page, 'import-file-total-rows')

  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await page.getByRole('button', { name: 'Plan import' }).click()
  const grid = page.getByRole('grid', { name: 'Planned changes' })
  await expect(grid).toBeVisible({ timeout: 60_000 })
  await expect(page.getByRole('list', { name: 'Planned rows by outcome' })).toContainText('1,234 rows')

  // The bad email is on row 6 of the spreadsheet, not row 5.
  const problems = page.getByRole('region', { name: /1 problem in the file/ })
  await expect(problems.getByRole('row').filter({ hasText: 'five-at-example.com' }).getByRole('cell').first()).toHaveText('6')

  // The identifier is a column of its own in the grid, named after the file's column, even for a
  // row where only the plan changes.
  await expect(grid.getByRole('columnheader', { name: 'id (identifier)' })).toBeVisible()
  const dd1 = grid.getByRole('row').filter({ hasText: 'dd-1' }).first()
  await expect(dd1).toContainText('plan')
  await expect(dd1.getByRole('gridcell').first()).toHaveText('2')

  // The duplicate: rows 8 and 31 side by side, same columns, the differing first_name marked.
  const duplicates = page.getByRole('region', { name: '1 duplicate row' })
  await expect(duplicates).toBeVisible()
  const pair = duplicates.getByRole('table', { name: 'Row 8 duplicates row 31' })
  await expect(pair.getByRole('columnheader')).toHaveText(['Row', 'Outcome', 'id', 'email', 'first_name', 'plan'])
  const skipped = pair.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '8', exact: true }) })
  const kept = pair.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '31', exact: true }) })
  await expect(skipped).toContainText('duplicate, not sent')
  await expect(kept).toContainText('imported')
  await expect(skipped.locator('mark')).toHaveText(['Name7'])
  await expect(kept.locator('mark')).toHaveText(['Seventh'])
  await expect(skipped).toContainText('dd-7')
  await duplicates.scrollIntoViewIfNeeded()
  await expectNoSeriousA11yViolations(page, 'import-review')
  await attachScreenshot(page, 'import-review-duplicates')

  // The grid's duplicate filter names the same row.
  await page.getByRole('group', { name: 'Show rows' }).getByRole('button', { name: /^Duplicate/ }).click()
  await expect(page.getByRole('status').filter({ hasText: /^1 row$/ })).toBeVisible()
  await expect(grid.getByRole('row').nth(1).getByRole('gridcell').first()).toHaveText('8')

  await page.setViewportSize(VIEWPORTS.narrow)
  await duplicates.scrollIntoViewIfNeeded()
  await attachScreenshot(page, 'import-review-duplicates')
})

test('a one-row file says "1 row"', async ({ page }) => {
  test.setTimeout(60_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'One row')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('CSV file').setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('id,plan\ndd-1,pro\n') })
  const facts = page.locator('.inspect-result')
  await expect(facts.getByText('1 row', { exact: true })).toBeVisible({ timeout: 30_000 })
  await expect(facts).toContainText('first 1 row read as a sample')
})
