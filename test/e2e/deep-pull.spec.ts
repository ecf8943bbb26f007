import { expect, test } from './fixtures'
import { startHost, type Host } from './headless-host'

// Issue 13 in the real UI, on the first-run Sandbox workspace: the Sync screen's Completeness
// section says no deep pull has run, Deep pull runs one through the job progress panel, and the
// section then shows when it finished, the attribute names it learnt, and the history lists the run.
let host: Host
test.beforeAll(async () => {
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
})

test('run a deep pull from the Sync screen and see the mirror complete', async ({ page }) => {
  await page.goto(host.url)
  await expect(page.getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toHaveText('Sandbox')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()

  const completeness = page.getByRole('region', { name: 'Completeness' })
  await expect(completeness).toContainText('Last deep pull')
  await expect(completeness).toContainText('never — some attributes may be missing for people no pull has read in full')
  await expect(completeness).toContainText(/Last pull\s*never/)

  // Deep pull is in the header's Sync menu, its description under it.
  await page.getByRole('banner').getByRole('button', { name: 'More sync actions' }).click()
  const deep = page.getByRole('menu', { name: 'Sync actions' }).getByRole('menuitem', { name: 'Deep pull' })
  await expect(deep).not.toHaveAttribute('aria-disabled', 'true')
  await expect(deep).toHaveAccessibleDescription(/every person's attributes in the background.*stopped and resumed/)
  await deep.click()

  // its progress in the same panel as any job, then its summary
  const current = page.getByRole('region', { name: 'Current run' })
  await expect(current.getByText(/Deep pull finished/)).toBeVisible({ timeout: 60_000 })
  await expect(current).toContainText('people read in full')
  await page.getByRole('banner').getByRole('button', { name: 'More sync actions' }).click()
  await expect(deep).not.toHaveAttribute('aria-disabled', 'true')
  await page.keyboard.press('Escape')

  // the section is read again when the job ends: a time instead of "never", and the names learnt
  await expect(completeness).not.toContainText('never — some attributes')
  const when = completeness.getByRole('definition').nth(1)
  await expect(when).toContainText(/\d/)
  await expect(when).toContainText('just now')
  const names = completeness.getByText(/^\d+ attribute names?$/)
  await expect(names).toBeVisible()
  const known = Number((await names.textContent())!.split(' ')[0])
  expect(known).toBeGreaterThan(0)
  await names.click()
  await expect(completeness.getByRole('list', { name: 'Attribute names known' }).getByRole('listitem')).toHaveCount(known)

  const history = page.getByRole('table', { name: 'Sync history' })
  await expect(history.getByRole('row').filter({ hasText: 'Deep pull' }).filter({ hasText: 'Succeeded' })).toHaveCount(1)
  await page.getByRole('group', { name: 'Filter the history' }).getByRole('combobox', { name: 'Kind' }).selectOption('deep-pull')
  await expect(history.getByRole('row').filter({ hasText: 'Deep pull' })).toHaveCount(1)

  const status = await page.evaluate(async () => window.cio.mirror.status({}))
  expect(status).toMatchObject({ ok: true, value: { attributeCoverage: { deepPullFinishedAt: expect.any(Number) } } })
})

test('schedule a deep pull from the Schedules section', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  const section = page.getByRole('region', { name: 'Schedules' })
  await section.getByRole('button', { name: 'Add schedule' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add schedule' })
  await dialog.getByRole('radio', { name: /Deep pull/ }).check()
  // a deep pull reads everyone: no parts to choose
  await expect(dialog.getByRole('checkbox', { name: 'Segments' })).toHaveCount(0)
  await dialog.getByRole('spinbutton', { name: 'Minutes between runs' }).fill('360')
  await dialog.getByRole('button', { name: 'Save schedule' }).click()
  await expect(dialog).toBeHidden()
  const row = section.getByRole('table', { name: 'Schedules' }).getByRole('row').filter({ hasText: 'Deep pull' })
  await expect(row).toContainText('every 6 h')
  const listed = await page.evaluate(async () => window.cio.schedules.list({}))
  expect(listed).toMatchObject({ ok: true, value: { schedules: [{ kind: 'deep-pull', parts: null, everySeconds: 21600 }] } })
})
