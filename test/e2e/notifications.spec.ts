import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, startPeer, type Peer } from './sandbox-peer'

// Messages belong to their workspace (issue 15, point 1). A workspace whose App API key is wrong
// ("Broken Acme": a peer sandbox answers its pull with 401) fails to sync: a toast and a
// notification name it, the header does not move, and once the built-in Sandbox workspace is
// chosen its header and Sync screen show nothing of Broken Acme's error; the bell lists it, under
// its name. A success toast goes away by itself.

let host: Host
let peer: Peer

test.beforeAll(async () => {
  peer = await startPeer(5)
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await peer?.stop()
})

const BROKEN = 'Broken Acme'

function parts(page: Page) {
  const header = page.getByRole('banner')
  return {
    header,
    name: header.getByRole('group', { name: 'Active workspace' }).locator('.ws-name'),
    sync: header.getByRole('button', { name: 'Sync', exact: true }),
    bell: header.getByRole('button', { name: /^Notifications/ }),
    toasts: page.getByRole('region', { name: 'Messages' }),
  }
}

/** Syncs the active workspace and waits for its failure toast; answers the name's box before and after. */
async function failAndMeasure(page: Page) {
  const { name, sync, toasts, header } = parts(page)
  await expect(name).toBeVisible()
  const before = { name: await name.boundingBox(), header: await header.boundingBox() }
  await sync.click()
  const failed = toasts.getByRole('alert').filter({ hasText: 'Sync failed' }).last()
  await expect(failed).toBeVisible({ timeout: 30_000 })
  const after = { name: await name.boundingBox(), header: await header.boundingBox() }
  return { before, after, failed }
}

test("one workspace's failure is told under its name, and never on another workspace's screens", async ({ page }) => {
  test.setTimeout(120_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  const { name, bell, toasts, header } = parts(page)
  await expect(name).toHaveText('Sandbox')
  await expect(bell).toHaveAccessibleName('Notifications')

  await addSandboxWorkspace(page, { ...peer, appApiKey: 'not-the-key' }, BROKEN)

  // 1400x900: the failure is an alert toast naming the workspace; it stays; the header does not move.
  const wide = await failAndMeasure(page)
  expect(wide.after.name).toEqual(wide.before.name)
  expect(wide.after.header).toEqual(wide.before.header)
  await expect(wide.failed).toContainText(BROKEN)
  await expect(wide.failed).toContainText(/key/i)
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread')
  await expect(header.getByText('1', { exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'header-toast')
  await attachScreenshot(page, 'header-toast-failure')

  // 1000x700: the same, and the workspace name stays readable.
  await page.setViewportSize(VIEWPORTS.narrow)
  await wide.failed.getByRole('button', { name: /^Dismiss/ }).click()
  await expect(toasts.getByRole('alert')).toHaveCount(0)
  const narrow = await failAndMeasure(page)
  expect(narrow.after.name).toEqual(narrow.before.name)
  expect(narrow.after.header).toEqual(narrow.before.header)
  await expect(name).toBeVisible()
  expect(narrow.after.name!.width).toBeGreaterThan(60)
  await expect(name).toHaveAttribute('title', BROKEN)
  await expect(bell).toHaveAccessibleName('Notifications, 2 unread')
  await expectNoSeriousA11yViolations(page, 'header-toast-narrow')
  await attachScreenshot(page, 'header-toast-failure')

  // The failure stays until dismissed: it is still there after a success toast would have gone.
  await page.waitForTimeout(7000) // longer than a success toast lives (Toasts.tsx TOAST_MS)
  await expect(narrow.failed).toBeVisible()

  // Another workspace: nothing of Broken Acme's error on its header, toasts or Sync screen.
  await page.setViewportSize(VIEWPORTS.wide)
  await header.getByRole('combobox', { name: 'Switch workspace' }).selectOption({ label: 'Sandbox — sandbox' })
  await expect(name).toHaveText('Sandbox')
  await expect(toasts.getByRole('alert')).toHaveCount(0)
  await expect(toasts).not.toContainText(BROKEN)
  await expect(header.getByRole('alert')).toHaveCount(0)
  await expect(header.getByRole('group', { name: 'Active workspace' })).not.toContainText(BROKEN)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  const main = page.getByRole('main')
  await expect(main.getByRole('heading', { name: 'Sync', level: 1 })).toBeVisible()
  await expect(main).not.toContainText(BROKEN)
  await expect(main).not.toContainText(/failed|401/i)
  await expect(main.getByRole('alert')).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Current run' })).toContainText('Nothing is running')

  // The bell lists both failures, newest first, each naming Broken Acme, with a time.
  await bell.click()
  const panel = page.getByRole('region', { name: 'Notifications' })
  await expect(panel).toBeVisible()
  const entries = panel.getByRole('list', { name: 'Notifications, newest first' }).getByRole('listitem')
  await expect(entries).toHaveCount(2)
  for (const entry of await entries.all()) {
    await expect(entry).toContainText(BROKEN)
    await expect(entry).toContainText('Sync failed')
    await expect(entry.locator('time')).toHaveText(/^just now · \d{1,2}:\d{2}/)
  }
  await expectNoSeriousA11yViolations(page, 'header-bell-open')
  await attachScreenshot(page, 'header-bell-open')

  await page.setViewportSize(VIEWPORTS.narrow)
  await expect(panel).toBeVisible()
  await expect(name).toBeVisible()
  await attachScreenshot(page, 'header-bell-open')
  await page.setViewportSize(VIEWPORTS.wide)

  // Mark all as read empties the count; Escape closes the panel and gives focus back to the bell.
  await panel.getByRole('button', { name: 'Mark all as read' }).click()
  await expect(bell).toHaveAccessibleName('Notifications')
  await expect(entries).toHaveCount(2)
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(bell).toBeFocused()

  // A success on this workspace: a status toast naming it, which goes away by itself; it is listed too.
  await parts(page).sync.click()
  const done = toasts.getByRole('status').filter({ hasText: 'Sync finished' })
  await expect(done).toBeVisible({ timeout: 30_000 })
  await expect(done).toContainText('Sandbox')
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread')
  await expect(done).toBeHidden({ timeout: 20_000 })
  await bell.click()
  await expect(entries).toHaveCount(3)
  await expect(entries.first()).toContainText('Sync finished')
  await expect(entries.first()).toContainText('Sandbox')

  // Clear empties the list.
  await panel.getByRole('button', { name: 'Clear' }).click()
  await expect(panel).toContainText('No notifications')
  await expect(bell).toHaveAccessibleName('Notifications')
})
