import { expect, test } from './fixtures'
import { addSandboxWorkspace, chooseFromSyncMenu, peerAndHost } from './sandbox-peer'

// Issue 7 in the real UI: add a one-minute pull schedule on the Sync screen, see when it runs
// next, and see its run arrive in the history (filtered to scheduled runs) without pressing
// anything: the scheduler in `cio-sync serve` starts it. A real minute, so this test is slow.
const env = peerAndHost(30)

test('add a schedule, see its next run, see the scheduled run in the history', async ({ page }) => {
  const { host, peer } = env
  test.setTimeout(180_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, peer)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  const section = page.getByRole('region', { name: 'Schedules' })
  await expect(section.getByText('No schedules')).toBeVisible()
  const status = section.getByRole('status', { name: 'Background sync status' })
  await expect(status).toContainText('Last sync never')

  // A pull by hand counts as the last sync as soon as it ends (not at the scheduler's next wake-up).
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('table', { name: 'Sync history' })).toContainText(/Succeeded/, { timeout: 30_000 })
  await expect(status).toContainText('Last sync just now', { timeout: 5_000 })
  await section.getByRole('button', { name: 'Add schedule' }).click()

  const dialog = page.getByRole('dialog', { name: 'Add schedule' })
  await expect(dialog.getByRole('radio', { name: 'Pull from Customer.io' })).toBeChecked()
  await dialog.getByRole('checkbox', { name: 'Segments' }).uncheck()
  await dialog.getByRole('checkbox', { name: 'Collections' }).uncheck()
  await dialog.getByRole('spinbutton', { name: 'Minutes between runs' }).fill('1')
  await dialog.getByRole('button', { name: 'Save schedule' }).click()
  await expect(dialog).toBeHidden()

  const row = section.getByRole('table', { name: 'Schedules' }).getByRole('row').filter({ hasText: 'Pull people' })
  await expect(row).toContainText('every 1 min')
  await expect(row).toContainText(/in (1 minute|60 seconds|\d+ seconds)/)
  await expect(row.getByRole('checkbox', { name: /^Enabled: Pull people/ })).toBeChecked()
  await expect(section.getByRole('status', { name: 'Background sync status' })).toContainText(/next run in/)

  // Nothing is pressed: the scheduler starts the run when the minute is up.
  const history = page.getByRole('table', { name: 'Sync history' })
  await expect(history.getByRole('row').filter({ hasText: 'Schedule' }).filter({ hasText: 'Succeeded' }).first()).toBeVisible({ timeout: 120_000 })
  await page.getByRole('group', { name: 'Filter the history' }).getByRole('combobox', { name: 'Trigger' }).selectOption('schedule')
  await expect(history.getByRole('row').filter({ hasText: 'You' })).toHaveCount(0)
  await expect(row).toContainText('Succeeded')

  // Deleting asks first, in the app's own dialog.
  await row.getByRole('button', { name: /^Delete: Pull people/ }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete this schedule?' })
  await confirm.getByRole('button', { name: 'Delete schedule' }).click()
  await expect(confirm).toBeHidden()
  await expect(section.getByText('No schedules')).toBeVisible()
})
