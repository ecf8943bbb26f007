import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Issue 15, point 3: the People grid behaves like Airtable or TablePlus. A click or the arrows
// select a cell (ARIA grid, roving tabindex, visible focus); Enter or a double click edits it,
// Escape cancels, Tab commits and moves on; Space or a row's expand button opens the person, whose
// panel is in the URL (Back closes it, a reload opens it); the email column stays while scrolling
// sideways; times read as dates in the viewer's zone with the raw value on hover; "Updated" is
// Customer.io's time and "Pulled" the mirror's copy.
test.use({ timezoneId: 'America/New_York', locale: 'en-US' })

let host: Host
let sandbox: SandboxHandle
let workspaceId = ''

// Ann was last changed in Customer.io on 2017-03-08 23:09:55 UTC: 6:09 PM in New York.
const ANN_SET_AT = 1489014595
const ANN_SET_AT_NY = 'Mar 8, 2017, 6:09 PM'
const ATTRIBUTES = ['first_name', 'created_at', 'last_login_at', 'lifetime_value', 'plan', 'city', 'company', 'signup_source']

async function batch(ops: unknown[]): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v2/batch`, { method: 'POST', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ batch: ops }) })
  expect(res.status).toBe(200)
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, dataDir: mkdtempSync(join(tmpdir(), 'cio-sync-e2e-grid-')), exportDelayMs: 50 })
  const ann = {
    first_name: 'Ann',
    created_at: ANN_SET_AT,
    last_login_at: 1700000000123,
    lifetime_value: 1700000000,
    plan: 'basic',
    city: 'Paris',
    company: 'Acme',
    signup_source: 'webinar',
  }
  const others = Array.from({ length: 30 }, (_, i) => {
    const n = String(i + 1).padStart(2, '0')
    return { type: 'person', action: 'identify', identifiers: { id: `e2e-p${n}` }, attributes: { email: `p${n}@example.com`, first_name: `P${n}`, plan: 'free', city: 'Lyon' } }
  })
  await batch([{ type: 'person', action: 'identify', identifiers: { id: 'e2e-ann' }, timestamp: ANN_SET_AT, attributes: { email: 'ann@example.com', ...ann } }, ...others])
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

/** The workspace, pulled, with the attribute columns this spec looks at, on the People screen. */
async function openPeople(page: Page): Promise<void> {
  await page.goto(host.url)
  if (!workspaceId) {
    workspaceId = await addSandboxWorkspace(page, sandbox)
    await pullFromSyncScreen(page)
  }
  await page.evaluate(([key, columns]) => localStorage.setItem(key, columns), [`cio-sync.people.columns.${workspaceId}`, JSON.stringify(ATTRIBUTES)])
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click()
  await expect(page.getByRole('grid', { name: 'People' }).getByRole('row').filter({ hasText: 'ann@example.com' })).toBeVisible()
}

async function columnIndex(page: Page, name: string): Promise<number> {
  const headers = (await page.getByRole('grid', { name: 'People' }).getByRole('columnheader').allTextContents()).map((h) => h.replace(/[▲▼↕]/g, '').trim())
  const at = headers.indexOf(name)
  expect(at, `column ${name} in ${headers.join(', ')}`).toBeGreaterThanOrEqual(0)
  return at
}

const personHash = /^#\/people\/cio_[^/]+$/

test('keyboard only: arrows select, Enter edits, Escape cancels, Tab commits, Space opens, Back closes, a reload reopens', async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await openPeople(page)
  const grid = page.getByRole('grid', { name: 'People' })
  await expect(grid).toHaveAttribute('aria-rowcount', '32') // 31 people and the header row

  // Tab from the search box reaches the grid in a few steps, and lands on its first cell.
  await page.getByRole('searchbox', { name: 'Search people' }).focus()
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate(() => document.activeElement?.getAttribute('role') === 'gridcell')) break
  }
  const focused = grid.locator('[role="gridcell"]:focus')
  await expect(focused).toHaveCount(1)
  await expect(focused).toHaveAttribute('aria-selected', 'true')
  await expect(focused).toHaveAttribute('tabindex', '0')
  // one tab stop: every other cell is out of the tab order
  await expect(grid.locator('[role="gridcell"][tabindex="0"]')).toHaveCount(1)
  // the focus is visible: an outline drawn by :focus-visible
  expect(await focused.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid')

  // Find Ann with the arrows (the rows come in the mirror's order).
  const annRow = grid.getByRole('row').filter({ hasText: 'ann@example.com' })
  const annIndex = Number(await annRow.getAttribute('aria-rowindex')) - 2
  for (let i = 0; i < annIndex; i++) await page.keyboard.press('ArrowDown')
  const email = await columnIndex(page, 'Email')
  expect(email).toBe(0)
  await expect(annRow.getByRole('gridcell').nth(0)).toBeFocused()

  // → to first_name; Enter edits; Escape cancels and the keyboard is back on the cell.
  const firstName = await columnIndex(page, 'first_name')
  for (let i = 0; i < firstName; i++) await page.keyboard.press('ArrowRight')
  const firstNameCell = annRow.getByRole('gridcell').nth(firstName)
  await expect(firstNameCell).toBeFocused()
  await expect(firstNameCell).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowDown')
  await expect(annRow.getByRole('gridcell').nth(firstName)).toHaveAttribute('aria-selected', 'false')
  await page.keyboard.press('ArrowUp')
  await expect(firstNameCell).toBeFocused()
  await page.keyboard.press('Enter')
  const box = grid.getByRole('textbox', { name: 'first_name of ann@example.com' })
  await expect(box).toBeFocused()
  await page.keyboard.type('Nope')
  await page.keyboard.press('Escape')
  await expect(box).toBeHidden()
  await expect(firstNameCell).toHaveText('Ann')
  await expect(firstNameCell).toBeFocused()

  // Enter, type, Tab: committed as a pending edit, and the next cell is selected.
  await page.keyboard.press('Enter')
  await page.keyboard.press('Control+A')
  await page.keyboard.type('Annie')
  await page.keyboard.press('Tab')
  await expect(box).toBeHidden()
  await expect(firstNameCell).toContainText('Annie')
  await expect(firstNameCell).toContainText('Pending edit')
  await expect(annRow.getByRole('gridcell').nth(firstName + 1)).toBeFocused()
  // the state mark sits in the frozen email cell, not in a column of its own
  await expect(annRow.getByRole('gridcell').nth(0)).toContainText('Edited')
  expect(await grid.getByRole('columnheader').allTextContents()).not.toContain('State')

  // Space opens the person; the URL names them; Back closes the panel.
  await page.keyboard.press('Space')
  const panel = page.getByRole('dialog', { name: 'ann@example.com' })
  await expect(panel).toBeVisible()
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(personHash)
  const link = await page.evaluate(() => location.hash)
  await expectNoSeriousA11yViolations(page, 'people with the person panel')
  await attachScreenshot(page, 'people-panel-open')
  // the arrows keep working with the panel open, and it follows the selection
  await page.keyboard.press('ArrowDown')
  await expect(panel).toBeHidden()
  await expect(page.getByRole('dialog')).toBeVisible()
  await page.keyboard.press('ArrowUp')
  await expect(panel).toBeVisible()
  await page.goBack()
  await expect(panel).toBeHidden()
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/people')

  // A link to the person opens the panel directly, also after a reload.
  await page.goto(`${host.url.split('#')[0]}${link}`)
  await expect(panel).toBeVisible()
  await page.reload()
  await expect(panel).toBeVisible()
  await expect(panel.getByRole('heading', { name: 'Attributes' })).toBeVisible()
  // Escape in the panel closes it and returns to the People list's address
  await panel.getByRole('button', { name: 'Close person panel' }).focus()
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/people')
})

test('mouse: a click selects, a double click edits, the expand button opens; dates, Updated and Pulled', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.wide)
  await openPeople(page)
  const grid = page.getByRole('grid', { name: 'People' })
  const annRow = grid.getByRole('row').filter({ hasText: 'ann@example.com' })
  await expectNoSeriousA11yViolations(page, 'people')
  await attachScreenshot(page, 'people-grid')

  // A click selects a cell and opens nothing.
  const city = annRow.getByRole('gridcell').nth(await columnIndex(page, 'city'))
  await city.click()
  await expect(city).toHaveAttribute('aria-selected', 'true')
  await expect(city).toBeFocused()
  await expect(page.getByRole('dialog')).toHaveCount(0)
  // A double click edits; Escape cancels.
  await city.dblclick()
  const box = grid.getByRole('textbox', { name: 'city of ann@example.com' })
  await expect(box).toHaveValue('Paris')
  await box.press('Escape')
  await expect(box).toBeHidden()
  await expect(city).toHaveText('Paris')

  // Times read as dates in the viewer's zone; the raw value is on hover. Other numbers stay numbers.
  const created = annRow.getByRole('gridcell').nth(await columnIndex(page, 'created_at'))
  await expect(created).toHaveText(ANN_SET_AT_NY)
  await expect(created.locator('time')).toHaveAttribute('title', `${ANN_SET_AT} (unix seconds)`)
  const login = annRow.getByRole('gridcell').nth(await columnIndex(page, 'last_login_at'))
  await expect(login).toHaveText('Nov 14, 2023, 5:13 PM')
  await expect(login.locator('time')).toHaveAttribute('title', '1700000000123 (unix milliseconds)')
  await expect(annRow.getByRole('gridcell').nth(await columnIndex(page, 'lifetime_value'))).toHaveText('1700000000')

  // "Updated" is when Customer.io last changed Ann; "Pulled" is today's copy in the mirror.
  const today = new Date().toLocaleDateString('en-US', { dateStyle: 'medium', timeZone: 'America/New_York' })
  const updated = annRow.getByRole('gridcell').nth(await columnIndex(page, 'Updated'))
  await expect(updated).toHaveText(ANN_SET_AT_NY)
  await expect(updated.locator('time')).toHaveAttribute('title', '2017-03-08T23:09:55.000Z')
  await expect(annRow.getByRole('gridcell').nth(await columnIndex(page, 'Pulled'))).toContainText(today)

  // The expand button opens the person; the panel says the same.
  await annRow.getByRole('button', { name: 'Open ann@example.com' }).click()
  const panel = page.getByRole('dialog', { name: 'ann@example.com' })
  await expect(panel).toBeVisible()
  await expect(page).toHaveURL(/#\/people\/cio_[^/]+$/)
  const facts = panel.locator('dl.facts')
  await expect(facts.locator('dt', { hasText: /^Updated$/ }).locator('+ dd')).toContainText(ANN_SET_AT_NY)
  await expect(facts.locator('dt', { hasText: /^Pulled$/ }).locator('+ dd')).toContainText(today)
  // the panel reads times as dates too, the raw value on hover
  const createdRow = panel.getByRole('row', { name: /^created_at\b/ })
  await expect(createdRow).toContainText(ANN_SET_AT_NY)
  await expect(createdRow.locator('time')).toHaveAttribute('title', `${ANN_SET_AT} (unix seconds)`)
  await expect(panel.getByRole('row', { name: /^lifetime_value\b/ })).toContainText('1700000000')
  await panel.getByRole('button', { name: 'Close person panel' }).click()
  await expect(panel).toBeHidden()
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/people')
})

test('1000x700: the email column stays while scrolling sideways, and the panel fits', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.narrow)
  await openPeople(page)
  const grid = page.getByRole('grid', { name: 'People' })
  const annRow = grid.getByRole('row').filter({ hasText: 'ann@example.com' })
  const emailCell = annRow.getByRole('gridcell').first()

  /** The email cell is inside the grid's box and is what is drawn at its middle. */
  async function emailInView(): Promise<void> {
    const g = (await grid.boundingBox())!
    const c = (await emailCell.boundingBox())!
    expect(c.x).toBeGreaterThanOrEqual(g.x)
    expect(c.x + c.width).toBeLessThanOrEqual(g.x + g.width)
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('[role="gridcell"]')?.textContent ?? '', [c.x + c.width / 2, c.y + c.height / 2])
    expect(hit).toContain('ann@example.com')
  }

  // The grid is wider than the window: it scrolls sideways, the email stays.
  expect(await grid.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true)
  await grid.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
  await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBeGreaterThan(200)
  await emailInView()
  await attachScreenshot(page, 'people-scrolled-sideways')

  // From the keyboard: End goes to the last column, Home back to the email.
  await emailCell.click()
  await grid.evaluate((el) => el.scrollTo({ left: 0 }))
  await page.keyboard.press('End')
  const last = annRow.getByRole('gridcell').last()
  await expect(last).toBeFocused()
  await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBeGreaterThan(200)
  await emailInView()
  await page.keyboard.press('Home')
  await expect(emailCell).toBeFocused()

  // Space opens the panel beside the grid; nothing spills out of the window.
  await page.keyboard.press('Space')
  const panel = page.getByRole('dialog', { name: 'ann@example.com' })
  await expect(panel).toBeVisible()
  const p = (await panel.boundingBox())!
  expect(p.x + p.width).toBeLessThanOrEqual(VIEWPORTS.narrow.width)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORTS.narrow.width)
  // the grid keeps room for the email and more beside the panel
  expect((await grid.boundingBox())!.width).toBeGreaterThan((await emailCell.boundingBox())!.width + 60)
  await grid.evaluate((el) => el.scrollTo({ left: el.scrollWidth }))
  await emailInView()
  await expectNoSeriousA11yViolations(page, 'people with the person panel at 1000x700')
  await attachScreenshot(page, 'people-panel-open')
  await page.goBack()
  await expect(panel).toBeHidden()
  await expectNoSeriousA11yViolations(page, 'people at 1000x700')
  await attachScreenshot(page, 'people-grid')
})
