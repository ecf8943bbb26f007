import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, chooseFromSyncMenu, pullFromSyncScreen } from './sandbox-peer'

// Offline edits end to end (issue #6): pull; with the workspace unreachable, edit a person in the
// panel (plan) and in the People grid (first_name) and see both pending; back online, someone
// changes plan and city in Customer.io; a pull takes city and turns plan into a conflict; keep
// mine on the Conflicts screen (a choice, then Resolve); push from the Changes screen; the panel and the workspace agree.
let host: Host
let sandbox: SandboxHandle
const dataDir = mkdtempSync(join(tmpdir(), 'cio-sync-e2e-sandbox-'))

async function track(method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

/** The person's attributes as Customer.io's App API reports them (after the write queue is flushed). */
async function remote(id: string): Promise<Record<string, unknown> | null> {
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  const res = await fetch(`${sandbox.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, unknown> } }).customer.attributes
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, dataDir, exportDelayMs: 50 })
  await track('PUT', '/customers/e2e-ann', { email: 'ann@example.com', first_name: 'Ann', plan: 'basic', city: 'Paris' })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('edit offline, see it pending, resolve a remote conflict, push, and match the workspace', async ({ page }) => {
  test.setTimeout(150_000)
  await page.goto(host.url)
  const workspaceId = await addSandboxWorkspace(page, sandbox)

  await pullFromSyncScreen(page)
  const nav = page.getByRole('navigation', { name: 'Main' })

  // The network to the workspace goes down: the sandbox stops (its data stays in its folder).
  const port = Number(new URL(sandbox.url).port)
  await sandbox.close()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('status').filter({ hasText: 'cannot be reached' })).toBeVisible({ timeout: 30_000 })
  // That pull keeps retrying; stop it, so the next pull starts after the remote changes below.
  const currentRun = page.getByRole('region', { name: 'Current run' })
  const cancelPull = currentRun.getByRole('button', { name: 'Cancel pull' })
  if (await cancelPull.isVisible()) await cancelPull.click()
  await expect(currentRun.getByRole('progressbar', { name: 'Pull progress' })).toBeHidden({ timeout: 30_000 })

  // Offline: edit plan in the person panel…
  await nav.getByRole('link', { name: 'People' }).click()
  await page.getByRole('searchbox', { name: 'Search people' }).fill('ann@')
  const grid = page.getByRole('grid', { name: 'People' })
  const row = grid.getByRole('row').filter({ hasText: 'ann@example.com' })
  await expect(row).toBeVisible()
  await row.getByRole('button', { name: 'Open ann@example.com' }).click()
  const panel = page.getByRole('dialog', { name: 'ann@example.com' })
  await expect(panel).toBeVisible()
  await panel.getByRole('button', { name: 'Edit plan', exact: true }).click()
  const planBox = panel.getByRole('textbox', { name: 'New value of plan' })
  await planBox.fill('gold')
  await planBox.press('Enter')
  await expect(planBox).toBeHidden()
  const planRow = panel.getByRole('row', { name: /^plan\b/ })
  await expect(planRow).toContainText('Pending')
  await expect(planRow).toContainText('basic')
  await expect(planRow).toContainText('gold')

  // A manual segment: add Ann, see it pending, discard that one change alone.
  const pendingList = panel.getByRole('list', { name: 'Pending changes of this person' })
  await panel.getByLabel('Add to segment').selectOption({ label: 'Rehearsal list' })
  await panel.getByRole('button', { name: 'Add', exact: true }).click()
  await expect(pendingList).toContainText('Rehearsal list')
  await pendingList.getByRole('button', { name: 'Discard change to segment “Rehearsal list”' }).click()
  await expect(pendingList).not.toContainText('Rehearsal list')
  await expect(pendingList.getByRole('listitem')).toHaveCount(1)

  // Delete asks first; cancelling records nothing.
  await panel.getByRole('button', { name: 'Delete person…' }).click()
  const confirmDelete = page.getByRole('dialog', { name: 'Delete this person?' })
  await expect(confirmDelete).toBeVisible()
  await confirmDelete.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirmDelete).toBeHidden()
  await expect(pendingList.getByRole('listitem')).toHaveCount(1)
  // Escape closes only the dialog, not the person panel behind it.
  await panel.getByRole('button', { name: 'Delete person…' }).click()
  await expect(confirmDelete).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(confirmDelete).toBeHidden()
  await expect(panel).toBeVisible()

  // …and first_name in place in the grid. From the keyboard: → from the email cell to first_name,
  // Enter edits, Escape cancels; then a double click, type, Enter commits.
  const headers = (await grid.getByRole('columnheader').allTextContents()).map((h) => h.replace(/[▲▼↕]/g, '').trim())
  const firstNameCol = headers.indexOf('first_name')
  expect(firstNameCol).toBeGreaterThan(0)
  const firstNameCell = row.getByRole('gridcell').nth(firstNameCol)
  await row.getByRole('gridcell').first().click()
  for (let i = 0; i < firstNameCol; i++) await page.keyboard.press('ArrowRight')
  await page.keyboard.press('Enter')
  const cellBox = grid.getByRole('textbox', { name: 'first_name of ann@example.com' })
  await cellBox.fill('Nope')
  await cellBox.press('Escape')
  await expect(cellBox).toBeHidden()
  await expect(firstNameCell).toHaveText('Ann')
  await firstNameCell.dblclick()
  await cellBox.fill('Annie')
  await cellBox.press('Enter')
  await expect(cellBox).toBeHidden()
  await expect(firstNameCell).toContainText('Annie')
  await expect(firstNameCell).toContainText('Pending edit')
  await expect(row).toContainText('Edited')
  await expect(panel.getByRole('list', { name: 'Pending changes of this person' }).getByRole('listitem')).toHaveCount(2)
  await expect(nav.getByRole('link', { name: /^Changes/ })).toHaveAccessibleName(/2 pending changes/)

  // Back online; meanwhile someone changed plan (which we edited) and city (which we did not).
  sandbox = await startSandbox({ dataDir, port })
  await track('PUT', '/customers/e2e-ann', { plan: 'platinum', city: 'Berlin' })
  await nav.getByRole('link', { name: 'Sync' }).click()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('region', { name: 'Current run' }).getByRole('status').filter({ hasText: /Pull finished/ })).toBeVisible({ timeout: 30_000 })

  // plan is a conflict: base, mine and theirs side by side. Keep mine.
  const conflictsLink = nav.getByRole('link', { name: /^Conflicts/ })
  await expect(conflictsLink).toHaveAccessibleName(/1 open conflict/)
  await conflictsLink.click()
  const conflict = page.getByRole('region', { name: /plan of e2e-ann/ })
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText('It was basic when last pulled')
  await expect(conflict.getByRole('link', { name: 'Open Annie in People' })).toHaveAttribute('href', '#/people/e2e-ann')
  await expect(conflict.getByRole('radio', { name: /Keep mine/ })).toBeVisible()
  await expect(conflict.getByRole('group', { name: 'Which value should Customer.io keep?' })).toContainText('gold')
  await expect(conflict.getByRole('group', { name: 'Which value should Customer.io keep?' })).toContainText('platinum')
  await conflict.getByRole('radio', { name: /Keep mine/ }).check()
  await conflict.getByRole('button', { name: 'Resolve', exact: true }).click()
  await expect(conflict).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Kept mine for plan of e2e-ann' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'No conflicts' })).toBeVisible()
  await expect(conflictsLink).not.toHaveAccessibleName(/open conflict/)

  // Changes: both edits of Ann, old → new; push them all.
  await nav.getByRole('link', { name: /^Changes/ }).click()
  const group = page.getByRole('region', { name: 'e2e-ann' })
  await expect(group.getByRole('row', { name: /plan/ })).toContainText('gold')
  await expect(group.getByRole('row', { name: /first_name/ })).toContainText('Annie')
  // The workspace is now marked production: the push asks for its name first.
  await page.evaluate(async (id) => window.cio.workspaces.update({ id, production: true }), workspaceId)
  await expect(page.getByRole('banner')).toContainText('PRODUCTION')
  await page.getByRole('button', { name: 'Push all' }).click()
  const confirmPush = page.getByRole('dialog', { name: 'Send 2 changes to production?' })
  await expect(confirmPush.getByRole('button', { name: 'Send to production' })).toBeDisabled()
  await confirmPush.getByLabel('Type Acme to confirm').fill('Acme')
  await confirmPush.getByRole('button', { name: 'Send to production' }).click()
  await expect(page.getByRole('status').filter({ hasText: /Push changes finished/ })).toBeVisible({ timeout: 30_000 })
  await expect(page.getByRole('heading', { name: 'No pending changes' })).toBeVisible()

  // Customer.io has mine for plan and first_name, theirs for city.
  await expect.poll(async () => remote('e2e-ann'), { timeout: 30_000 }).toMatchObject({ plan: 'gold', first_name: 'Annie', city: 'Berlin' })

  // The panel shows the same, with nothing pending.
  await nav.getByRole('link', { name: 'People' }).click()
  await page.getByRole('searchbox', { name: 'Search people' }).fill('ann@')
  await grid.getByRole('row').filter({ hasText: 'ann@example.com' }).getByRole('button', { name: 'Open ann@example.com' }).click()
  const after = page.getByRole('dialog', { name: 'ann@example.com' })
  await expect(after.getByRole('row', { name: /^plan\b/ })).toContainText('gold')
  await expect(after.getByRole('row', { name: /^first_name\b/ })).toContainText('Annie')
  await expect(after.getByRole('row', { name: /^city\b/ })).toContainText('Berlin')
  await expect(after).not.toContainText(/pending edit/i)
  await expect(grid.getByRole('row').filter({ hasText: 'ann@example.com' })).not.toContainText('Edited')
})
