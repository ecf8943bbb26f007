import { expect, test, attachScreenshot, expectNoSeriousA11yViolations, VIEWPORTS, type Page } from './fixtures'
import { startHost, type Host } from './headless-host'
import { startPeer, type Peer } from './sandbox-peer'
import { ROUTES } from '../../src-renderer/components/route'

// Issue 15, point 11: every action reachable from the keyboard with a visible focus ring; the
// command palette (Ctrl+K, ⌘K on macOS) goes to any screen and runs the main actions; dialogs keep
// focus inside and give it back to what opened them.
let host: Host
let peer: Peer

test.beforeAll(async () => {
  peer = await startPeer(3)
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await peer?.stop()
})

/** What has focus, described well enough to assert on, and whether its focus ring shows. */
async function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return null
    const style = getComputedStyle(el)
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || (style.boxShadow !== 'none' && style.boxShadow !== '')
    return {
      name: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim(),
      tag: el.tagName.toLowerCase(),
      inNav: el.closest('nav[aria-label="Main"]') != null,
      inDialog: el.closest('dialog') != null,
      focusVisible: el.matches(':focus-visible'),
      ring,
    }
  })
}

test('Ctrl+K opens the palette, "conf" + Enter goes to Conflicts, Escape gives focus back', async ({ page }) => {
  await page.goto(host.url)
  const nav = page.getByRole('navigation', { name: 'Main' })
  await expect(page.getByRole('group', { name: 'Active workspace' })).toContainText('Sandbox')

  // Escape closes the palette and focus is back on what had it.
  const syncLink = nav.getByRole('link', { name: 'Sync' })
  await syncLink.focus()
  await page.keyboard.press('Control+k')
  const palette = page.getByRole('dialog', { name: 'Command palette' })
  await expect(palette).toBeVisible()
  const search = palette.getByRole('combobox', { name: 'Search commands' })
  await expect(search).toBeFocused()
  await expect(search).toHaveAttribute('aria-expanded', 'true')
  // Every screen is listed, from the routes themselves.
  const options = palette.getByRole('listbox', { name: 'Commands' }).getByRole('option')
  for (const r of ROUTES) await expect(options.filter({ hasText: `Go to ${r.label}` })).toHaveCount(1)
  // the Sync menu's actions, in its words
  const labels = await palette.locator('.palette-label').allInnerTexts()
  for (const action of [/^Sync$/, /^Pull only$/, /^Push (\d+ )?queued changes?$/, /^Full re-pull$/, /^Deep pull$/]) expect(labels.filter((l) => action.test(l)), String(action)).toHaveLength(1)
  await expect(options.filter({ hasText: 'Add workspace…' })).toHaveCount(1)
  await attachScreenshot(page, 'palette-open')
  await expectNoSeriousA11yViolations(page, 'command palette')
  await page.keyboard.press('Escape')
  await expect(palette).toBeHidden()
  await expect(syncLink).toBeFocused()

  // Type, see the best match highlighted as the active descendant, Enter.
  await page.keyboard.press('Control+k')
  await page.keyboard.type('conf')
  const selected = palette.getByRole('option', { selected: true })
  await expect(selected).toHaveCount(1)
  await expect(selected).toContainText('Go to Conflicts')
  await expect(search).toHaveAttribute('aria-activedescendant', (await selected.getAttribute('id'))!)
  await attachScreenshot(page, 'palette-conf')
  await page.keyboard.press('Enter')
  await expect(palette).toBeHidden()
  await expect(page).toHaveURL(/#\/conflicts$/)
  await expect(page.getByRole('heading', { level: 1, name: 'Conflicts' })).toBeVisible()
  await expect(nav.getByRole('link', { name: /^Conflicts/ })).toHaveAttribute('aria-current', 'page')
  await expect(page.locator('#main')).toBeFocused()

  // Arrow keys move the active option (wrapping); nothing matching says so.
  await page.keyboard.press('Control+k')
  await page.keyboard.type('go to')
  const first = await selected.textContent()
  await page.keyboard.press('ArrowDown')
  await expect(selected).not.toHaveText(first!)
  await page.keyboard.press('ArrowUp')
  await expect(selected).toHaveText(first!)
  await page.keyboard.press('ArrowUp')
  await expect(selected).toHaveText((await options.last().textContent())!)
  await search.fill('qqqq')
  await expect(palette).toContainText('No command or screen matches “qqqq”')
  await page.keyboard.press('Control+k') // the same keys close it
  await expect(palette).toBeHidden()
})

test('palette actions: add a workspace, switch to it, and the list of shortcuts; ⌘K on macOS', async ({ page }) => {
  await page.goto(host.url)
  await expect(page.getByRole('group', { name: 'Active workspace' })).toContainText('Sandbox')

  // "Add workspace…" opens the Workspaces screen's add dialog.
  await page.getByRole('button', { name: 'Commands' }).click()
  await page.getByRole('combobox', { name: 'Search commands' }).fill('add work')
  await page.keyboard.press('Enter')
  const add = page.getByRole('dialog', { name: 'Add workspace' })
  await expect(add).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(add).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: 'Workspaces' })).toBeVisible()

  // A second workspace gets a "Switch to" command of its own.
  const { url, siteId, trackApiKey, appApiKey, writeKey } = peer
  const added = await page.evaluate(
    async (p) => window.cio.workspaces.add({ name: 'Acme', kind: 'custom', url: p.url, credentials: { siteId: p.siteId, trackApiKey: p.trackApiKey, appApiKey: p.appApiKey, writeKey: p.writeKey } }),
    { url, siteId, trackApiKey, appApiKey, writeKey },
  )
  expect(added.ok).toBe(true)
  await page.keyboard.press('Control+k')
  await page.keyboard.type('acme')
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { selected: true })).toContainText('Switch to workspace “Acme”')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toHaveText('Acme')

  // "?" outside a text field lists the shortcuts, the palette's own among them.
  await page.locator('#main').focus()
  await page.keyboard.press('?')
  const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(shortcuts).toBeVisible()
  await expect(shortcuts).toContainText('Ctrl+K')
  await expect(shortcuts).toContainText('Open the command palette')
  await expectNoSeriousA11yViolations(page, 'keyboard shortcuts')
  await attachScreenshot(page, 'shortcuts')
  await page.keyboard.press('Escape')
  await expect(shortcuts).toBeHidden()

  // A screen adds its own commands while it is shown: People's "Search people" (also "/").
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click()
  await page.keyboard.press('Control+k')
  await page.keyboard.type('search')
  const searchOption = page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { selected: true })
  await expect(searchOption).toContainText('Search people')
  await expect(searchOption).toContainText('/')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('searchbox', { name: 'Search people' })).toBeFocused()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await page.keyboard.press('Control+k')
  await page.keyboard.type('search people')
  await expect(page.getByRole('dialog', { name: 'Command palette' }).getByRole('option', { name: /Search people/ })).toHaveCount(0)
  await page.keyboard.press('Escape')

  // On macOS the palette is ⌘K (Ctrl+K is the text fields' "delete to end of line" there).
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }))
  await page.reload()
  await expect(page.getByRole('button', { name: 'Commands' })).toContainText('⌘K')
  await page.locator('#main').focus()
  await page.keyboard.press('Control+k')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeHidden()
  await page.keyboard.press('Meta+k')
  await expect(page.getByRole('dialog', { name: 'Command palette' })).toBeVisible()
})

test('keyboard only: skip link, header, every nav link with a visible focus ring, at both sizes', async ({ page }) => {
  for (const size of [VIEWPORTS.wide, VIEWPORTS.narrow]) {
    await page.setViewportSize(size)
    await page.goto(`${host.url.split('#')[0]}#/people`)
    await page.reload() // the second time round, a fresh page: Tab starts from the top
    await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible()

    await page.keyboard.press('Tab')
    const skip = page.getByRole('button', { name: 'Skip to content' })
    await expect(skip).toBeFocused()
    await expect(skip).toBeInViewport()
    expect(await focused(page)).toMatchObject({ focusVisible: true, ring: true })
    await attachScreenshot(page, 'skip-link-focused')

    // Tab walks the header and then each screen of the navigation, in order, each with its ring.
    const navVisited: string[] = []
    for (let i = 0; i < 30 && navVisited.length < ROUTES.length; i++) {
      await page.keyboard.press('Tab')
      const f = await focused(page)
      expect(f, `Tab ${i + 1} lands somewhere`).not.toBeNull()
      expect(f, `focus ring on ${f?.name}`).toMatchObject({ focusVisible: true, ring: true })
      if (f!.inNav) navVisited.push(f!.name.replace(/,.*$/, '').replace(/^\W+/, '').trim())
      if (navVisited.length === 3) await attachScreenshot(page, 'nav-link-focused')
    }
    expect(navVisited).toEqual(ROUTES.map((r) => r.label))

    // The skip link takes focus past all of that, to the screen.
    await page.reload()
    await expect(page.getByRole('heading', { level: 1, name: 'People' })).toBeVisible()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await expect(page.locator('#main')).toBeFocused()
    // Enter on a nav link opens its screen and puts focus on it.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Segments' }).focus()
    await page.keyboard.press('Enter')
    await expect(page.getByRole('heading', { level: 1, name: 'Segments' })).toBeVisible()
    await expect(page.locator('#main')).toBeFocused()
  }
})

test('a dialog keeps Tab inside and gives focus back to its opener', async ({ page }) => {
  await page.goto(`${host.url.split('#')[0]}#/workspaces`)
  const opener = page.getByRole('button', { name: 'Add workspace' })
  await opener.focus()
  await page.keyboard.press('Enter')
  const dialog = page.getByRole('dialog', { name: 'Add workspace' })
  await expect(dialog).toBeVisible()
  expect(await focused(page)).toMatchObject({ inDialog: true })

  // Far more Tabs (and Shift+Tabs) than the dialog has controls: focus never leaves it.
  const count = await dialog.locator('button, input, select, textarea, a[href], summary').count()
  for (let i = 0; i < count + 3; i++) {
    await page.keyboard.press('Tab')
    expect(await focused(page), `Tab ${i + 1}`).toMatchObject({ inDialog: true, focusVisible: true, ring: true })
  }
  for (let i = 0; i < count + 3; i++) {
    await page.keyboard.press('Shift+Tab')
    expect(await focused(page), `Shift+Tab ${i + 1}`).toMatchObject({ inDialog: true })
  }
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await expect(opener).toBeFocused()

  // The close button does the same.
  await page.keyboard.press('Enter')
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Close' }).click()
  await expect(dialog).toBeHidden()
  await expect(opener).toBeFocused()
})
