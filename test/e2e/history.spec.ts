import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, chooseFromSyncMenu } from './sandbox-peer'

// Issue 15, point 8 in the real UI: the sync history reads at a glance. Each run is one line
// ("Pulled 30 people, 6 segments · 1 s", "Nothing new · 1 s", "Pushed 1 change · 1 s") whose
// disclosure button shows the details, by mouse or keyboard; the chart draws one bar per run,
// coloured per kind, on a local time axis, with a legend and a text alternative. Recent imports
// read the same way ("Imported 1 row · 1 invalid"). The sync test runs first: the import adds a
// person to the sandbox.
let host: Host
let sandbox: SandboxHandle

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 30, exportDelayMs: 50 })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

const history = (page: Page) => page.getByRole('table', { name: 'Sync history' })

async function pull(page: Page, n: number): Promise<void> {
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(history(page).getByRole('row').filter({ hasText: 'Succeeded' })).toHaveCount(n, { timeout: 30_000 })
}

/** Pixels of the chart's canvas close to an rgb colour: bars drawn in that colour. */
/** Canvas pixels drawn in the colour of a theme token (read from the page, so a palette change does not break the check). */
async function pixelsOf(page: Page, token: string): Promise<number> {
  return page.locator('.history-chart canvas').first().evaluate((canvas, name) => {
    const probe = document.createElement('span')
    probe.style.color = `var(${name})`
    document.body.append(probe)
    const [r, g, b] = getComputedStyle(probe).color.match(/\d+/g)!.map(Number)
    probe.remove()
    const c = canvas as HTMLCanvasElement
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data
    let n = 0
    for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i] - r) < 12 && Math.abs(data[i + 1] - g) < 12 && Math.abs(data[i + 2] - b) < 12 && data[i + 3] > 200) n++
    return n
  }, token)
}

test('sync history: one line per run, details on expand, bars per kind', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'History')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await expect(page.getByText('No runs yet')).toBeVisible()

  // A first pull, a pull with nothing new, and a push of one offline edit.
  await pull(page, 1)
  const runs = history(page).getByRole('row')
  await expect(runs.nth(1)).toContainText(/Pulled 30 people, \d+ segments · (\d+ s|under 1 s)/)
  await pull(page, 2)
  await expect(runs.nth(1)).toContainText(/Nothing new · (\d+ s|under 1 s)/)
  const pushed = await page.evaluate(async () => {
    const found = await window.cio.people.search({ text: 'sbx-0000003', limit: 1 })
    if (!found.ok) return found
    const edit = await window.cio.changes.edit({ kind: 'attributes', pk: found.value.rows[0].pk, set: { plan: 'gold' } })
    return edit.ok ? window.cio.changes.push({}) : edit
  })
  expect(pushed.ok).toBe(true)
  await expect(runs.filter({ hasText: /Pushed 1 change · (\d+ s|under 1 s)/ })).toHaveCount(1, { timeout: 30_000 })
  await expect(page.getByRole('group', { name: 'Filter the history' })).toContainText('3 runs')

  // Details on expand: by mouse, then by keyboard.
  const firstPull = page.getByRole('button', { name: /^Pulled 30 people/ })
  await expect(firstPull).toHaveAttribute('aria-expanded', 'false')
  await firstPull.click()
  await expect(firstPull).toHaveAttribute('aria-expanded', 'true')
  const details = page.locator(`#${await firstPull.getAttribute('aria-controls')}`)
  await expect(details).toContainText(/Segments: \d+ \(\d+ members\): first read of \d+ segments: \d+ members as a baseline/)
  await expect(details).toContainText('People: 30 created')
  await expect(details).toContainText(/Started .* by you/)
  await expectNoSeriousA11yViolations(page, 'sync')
  await attachScreenshot(page, 'sync-history-expanded')
  await firstPull.press('Enter')
  await expect(firstPull).toHaveAttribute('aria-expanded', 'false')
  await expect(details).toHaveCount(0)
  const nothingNew = page.getByRole('button', { name: /^Nothing new/ })
  await nothingNew.focus()
  await page.keyboard.press('Space')
  await expect(nothingNew).toHaveAttribute('aria-expanded', 'true')
  await expect(page.locator(`#${await nothingNew.getAttribute('aria-controls')}`)).toContainText(/0 joined, 0 left/)

  // The chart: bars per kind, a legend, and the same figures as text.
  const chart = page.locator('figure.history-chart')
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /Bar chart of run durations over time.*pull: 2 runs.*push changes: 1 run,/)
  await expect(chart.locator('figcaption')).toContainText('Pull')
  await expect(chart.locator('figcaption')).toContainText('Push')
  const perKind = chart.getByRole('list', { name: 'Runs per kind in the chart' })
  await expect(perKind.getByRole('listitem').filter({ hasText: /^Pull: 2 runs, 0 failed, longest/ })).toHaveCount(1)
  await expect(perKind.getByRole('listitem').filter({ hasText: /^Push changes: 1 run, 0 failed, longest/ })).toHaveCount(1)
  // pull bars are filled with the accent colour, push bars outlined in the diff language's amber
  await expect.poll(() => pixelsOf(page, '--accent'), { timeout: 10_000 }).toBeGreaterThan(30)
  expect(await pixelsOf(page, '--diff-update')).toBeGreaterThan(10)
  await attachScreenshot(page, 'sync-history-chart')

  // Filtered to pushes: one run, one line.
  await page.getByRole('group', { name: 'Filter the history' }).getByRole('combobox', { name: 'Kind' }).selectOption('push')
  await expect(page.getByRole('group', { name: 'Filter the history' })).toContainText('1 of 3 runs')
  await expect(chart.getByRole('img')).toHaveAttribute('aria-label', /push changes: 1 run,/)

  await page.setViewportSize(VIEWPORTS.narrow)
  await page.getByRole('group', { name: 'Filter the history' }).getByRole('button', { name: 'Clear filters' }).click()
  await chart.scrollIntoViewIfNeeded()
  await expectNoSeriousA11yViolations(page, 'sync')
  await attachScreenshot(page, 'sync-history-narrow')
})

test('import history: one line per import, its counts on expand', async ({ page }) => {
  test.setTimeout(90_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Imports')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await pull(page, 1)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  await page.getByLabel('CSV file').setInputFiles({ name: 'two.csv', mimeType: 'text/csv', buffer: Buffer.from('id,email,plan\nih-1,ih1@example.com,gold\nih-2,bad-email,gold\n') })
  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await page.getByRole('button', { name: 'Plan import' }).click()
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toBeVisible({ timeout: 30_000 })
  const recent = page.getByRole('region', { name: 'Recent imports' })
  const planned = recent.getByRole('button', { name: 'Planned 2 rows: 1 to create · 1 invalid · not sent yet' })
  await expect(planned).toBeVisible()
  await expect(recent.getByRole('row').filter({ hasText: 'two.csv' })).toContainText('Planned, not sent')
  await page.getByRole('button', { name: /^Push 1 change$/ }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })
  const sent = recent.getByRole('button', { name: 'Imported 1 row · 1 invalid' })
  await expect(sent).toBeVisible({ timeout: 30_000 })
  await sent.click()
  await expect(sent).toHaveAttribute('aria-expanded', 'true')
  const details = page.locator(`#${await sent.getAttribute('aria-controls')}`)
  await expect(details).toContainText('2 rows planned: 1 to create, 0 to update, 0 unchanged, 1 invalid')
  await expect(details).toContainText('1 accepted by Customer.io, in 1 request')
  await recent.scrollIntoViewIfNeeded()
  await expectNoSeriousA11yViolations(page, 'import')
  await attachScreenshot(page, 'import-history-expanded')
})
