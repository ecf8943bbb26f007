import { readFileSync } from 'node:fs'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, chooseFromSyncMenu } from './sandbox-peer'

// Issue 15, point 7 in the real UI: a segment's first pull is a baseline ("Baseline: N members",
// no joined), joined and left show from the second pull on; a member row opens the person; the
// members export as CSV with formula cells neutralised; "Open in People" filters People by the
// segment through the address (#/people?segment=ID).
let host: Host
let sandbox: SandboxHandle
const FORMULA_ID = '=SUM(1+2)'

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
  const flush = await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  expect(flush.ok).toBe(true)
}

async function members(segment: number): Promise<string[]> {
  const res = await fetch(`${sandbox.url}/v1/segments/${segment}/membership?limit=1000`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  const body = (await res.json()) as { identifiers: { id: string }[] }
  return body.identifiers.map((i) => i.id)
}

/** Pulls from the Sync screen and waits for the `n`th successful run in the history. */
async function pull(page: Page, n: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('table', { name: 'Sync history' }).getByRole('row').filter({ hasText: 'Succeeded' })).toHaveCount(n, { timeout: 30_000 })
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 30, exportDelayMs: 50 })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('segments: baseline first, then joined and left; members open, export and filter People', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Segments')
  // someone whose id a spreadsheet would run as a formula, in the manual segment
  await track('PUT', `/customers/${encodeURIComponent(FORMULA_ID)}`, { email: 'formula@example.com' })
  await track('POST', '/segments/1/add_customers', { ids: [FORMULA_ID] })
  const first = await members(1)
  expect(first.length).toBeGreaterThan(2)
  await pull(page, 1)

  // 1. The first pull is a baseline: no joined, no left.
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Segments' }).click()
  const list = page.getByRole('table', { name: 'Segments' })
  const rehearsal = list.getByRole('row').filter({ hasText: 'Rehearsal list' })
  await expect(rehearsal).toContainText('Baseline')
  await expect(rehearsal).toContainText('Manual')
  await expect(list).not.toContainText('+')
  await rehearsal.getByRole('button', { name: 'Rehearsal list' }).click()
  const pane = page.getByRole('region', { name: 'Rehearsal list' })
  await expect(pane).toContainText(`Baseline: ${first.length} members.`)
  await expect(pane.getByRole('radio', { name: /Joined/ })).toHaveCount(0)
  await expect(pane).not.toContainText(/members_read_at|snapshot|skipped|stale/i)
  const grid = pane.getByRole('grid', { name: 'Members of Rehearsal list' })
  await expect(grid.getByRole('row')).toHaveCount(first.length + 1) // with the header row
  await expect(grid).toContainText('before the first pull')
  await expectNoSeriousA11yViolations(page, 'segments')
  await attachScreenshot(page, 'segments-baseline')

  // 2. Export members (CSV): every member, the formula cell neutralised, no join time for a baseline.
  const [download] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Export members (CSV)' }).click()])
  expect(download.suggestedFilename()).toBe('rehearsal-list-members.csv')
  const csv = readFileSync((await download.path())!, 'utf8')
  const lines = csv.trim().split('\r\n')
  expect(lines[0]).toBe('id,email,cio_id,joined')
  expect(lines).toHaveLength(first.length + 1)
  expect(lines.some((l) => l.startsWith(`'${FORMULA_ID},formula@example.com,`))).toBe(true)
  expect(lines.every((l, i) => i === 0 || l.endsWith(','))).toBe(true)
  await expect(pane.getByRole('status')).toContainText(`Saved rehearsal-list-members.csv: ${first.length} members.`)

  // 3. A member row opens the person.
  const someone = first.find((id) => id !== FORMULA_ID)!
  await grid.getByRole('row').filter({ hasText: someone }).getByRole('link').click()
  await expect(page).toHaveURL(new RegExp(`#/people/${encodeURIComponent(someone)}$`))

  // 4. Membership changes in Customer.io; the second pull shows who joined and who left.
  const outsiders = Array.from({ length: 30 }, (_, i) => `sbx-${String(i + 1).padStart(7, '0')}`).filter((id) => !first.includes(id)).slice(0, 2)
  await track('POST', '/segments/1/add_customers', { ids: outsiders })
  await track('POST', '/segments/1/remove_customers', { ids: [someone] })
  await pull(page, 2)
  await nav.getByRole('link', { name: 'Segments' }).click()
  await expect(rehearsal).not.toContainText('Baseline')
  await expect(rehearsal).toContainText('+2')
  await expect(rehearsal).toContainText('−1')
  await rehearsal.getByRole('button', { name: 'Rehearsal list' }).click()
  await expect(pane).toContainText('2 people joined and 1 person left in the last pull')
  await pane.getByRole('radio', { name: /Joined/ }).check()
  await expect(pane.getByText('2 people joined in the last pull', { exact: true })).toBeVisible()
  for (const id of outsiders) await expect(grid).toContainText(id)
  await attachScreenshot(page, 'segments-joined')
  await pane.getByRole('radio', { name: /Left/ }).check()
  await expect(pane.getByText('1 person left in the last pull', { exact: true })).toBeVisible()
  await expect(grid).toContainText(someone)
  await expectNoSeriousA11yViolations(page, 'segments')
  await attachScreenshot(page, 'segments-left')

  // 5. Open in People: People filtered by the segment, through the address; the chip removes it.
  await pane.getByRole('link', { name: 'Open in People' }).click()
  await expect(page).toHaveURL(/#\/people\?segment=1$/)
  const chip = page.getByRole('list', { name: 'Segment filter' })
  await expect(chip).toContainText('Rehearsal list')
  const people = page.getByRole('grid', { name: 'People' })
  const now = first.length + 2 - 1
  await expect(people.getByRole('row')).toHaveCount(now + 1)
  for (const id of outsiders) await expect(people).toContainText(id)
  await expect(people).not.toContainText(someone)
  await expectNoSeriousA11yViolations(page, 'people-in-segment')
  await attachScreenshot(page, 'people-in-segment')
  await chip.getByRole('button', { name: 'Remove filter: in segment Rehearsal list' }).click()
  await expect(page).toHaveURL(/#\/people$/)
  await expect(chip).toHaveCount(0)
  await expect(people).toContainText(someone)

  // 6. The narrow window.
  await page.setViewportSize(VIEWPORTS.narrow)
  await nav.getByRole('link', { name: 'Segments' }).click()
  await rehearsal.getByRole('button', { name: 'Rehearsal list' }).click()
  await expect(pane).toContainText('joined')
  await expectNoSeriousA11yViolations(page, 'segments')
  await attachScreenshot(page, 'segments-narrow')
})
