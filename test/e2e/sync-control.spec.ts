import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, startPeer, type Peer } from './sandbox-peer'

// One sync vocabulary (issue 15, point 2): the header's Sync split button (Sync; a menu with Pull
// only, Push N queued changes, Full re-pull and Deep pull) worked by keyboard; and offline, the push
// is disabled with the reason, the connection is checked again in the background, and once it is
// back the banner offers "Push N queued changes".

/**
 * A TCP gate in front of a peer sandbox: the network to the workspace, which the test takes down
 * (connections refused, open ones cut) and brings back on the same port.
 */
class NetworkGate {
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  port = 0

  constructor(private readonly target: URL) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(Number(this.target.port), this.target.hostname)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => s.destroy())
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((res) => server.listen(this.port, '127.0.0.1', res))
    this.port = (server.address() as { port: number }).port
    this.server = server
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    await new Promise<void>((res) => (this.server ? this.server.close(() => res()) : res()))
    this.server = null
  }
}

let host: Host
let peer: Peer
let gate: NetworkGate

test.beforeAll(async () => {
  peer = await startPeer(5)
  gate = new NetworkGate(new URL(peer.url))
  await gate.up()
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await gate?.down()
  await peer?.stop()
})

function header(page: Page) {
  return page.getByRole('banner')
}

test('the Sync split button: Sync runs, and its menu works by keyboard', async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await expect(header(page).getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toHaveText('Sandbox')

  const sync = header(page).getByRole('button', { name: 'Sync', exact: true })
  const toggle = header(page).getByRole('button', { name: 'More sync actions' })
  await expect(sync).toHaveAttribute('title', 'Pull what changed in Customer.io, then push the queued changes.')
  await expect(toggle).toHaveAttribute('aria-haspopup', 'menu')
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')

  // Enter opens the menu on its first item; the arrows move and wrap; Home and End jump.
  await toggle.focus()
  await page.keyboard.press('Enter')
  const menu = page.getByRole('menu', { name: 'Sync actions' })
  await expect(menu).toBeVisible()
  await expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const items = menu.getByRole('menuitem')
  await expect(items).toHaveText([/^Pull only/, /^Push queued changes/, /^Full re-pull/, /^Deep pull/])
  await expect(menu.getByRole('menuitem', { name: 'Pull only' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  const push = menu.getByRole('menuitem', { name: 'Push queued changes' })
  await expect(push).toBeFocused()
  // Nothing queued: the push stays in the menu, disabled, saying why.
  await expect(push).toHaveAttribute('aria-disabled', 'true')
  await expect(push).toHaveAccessibleDescription(/Nothing is queued/)
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Full re-pull' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Deep pull' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await expect(menu.getByRole('menuitem', { name: 'Pull only' })).toBeFocused()
  await page.keyboard.press('ArrowUp')
  await expect(menu.getByRole('menuitem', { name: 'Deep pull' })).toBeFocused()
  await page.keyboard.press('Home')
  await expect(menu.getByRole('menuitem', { name: 'Pull only' })).toBeFocused()
  await page.keyboard.press('End')
  await expect(menu.getByRole('menuitem', { name: 'Deep pull' })).toBeFocused()
  await expectNoSeriousA11yViolations(page, 'header-menu-open')
  await attachScreenshot(page, 'header-menu-open')

  // Escape closes it and gives focus back to the arrow; ↑ opens it on the last item.
  await page.keyboard.press('Escape')
  await expect(menu).toBeHidden()
  await expect(toggle).toBeFocused()
  await expect(toggle).toHaveAttribute('aria-expanded', 'false')
  await page.keyboard.press('ArrowUp')
  await expect(menu.getByRole('menuitem', { name: 'Deep pull' })).toBeFocused()
  await page.keyboard.press('Escape')

  // Space opens it too; a disabled item does nothing; Enter on "Pull only" runs a pull.
  await page.keyboard.press(' ')
  await expect(menu.getByRole('menuitem', { name: 'Pull only' })).toBeFocused()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('Enter')
  await expect(menu).toBeVisible()
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  await expect(menu).toBeHidden()
  await expect(toggle).toBeFocused()
  const toasts = page.getByRole('region', { name: 'Messages' })
  const pulled = toasts.getByRole('status').filter({ hasText: 'Pull finished' })
  await expect(pulled).toBeVisible({ timeout: 30_000 })
  await expect(pulled).toContainText('Sandbox')

  // The main part: Sync (pull, then push what is queued), told by a toast that goes away by itself.
  await sync.click()
  const synced = toasts.getByRole('status').filter({ hasText: 'Sync finished' })
  await expect(synced).toBeVisible({ timeout: 30_000 })
  await expect(synced).toContainText('Sandbox')
  await expect(synced).toBeHidden({ timeout: 20_000 })

  // 1000x700: the menu fits and the workspace name stays readable beside it.
  await page.setViewportSize(VIEWPORTS.narrow)
  await toggle.click()
  await expect(menu).toBeVisible()
  await expect(header(page).getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toBeVisible()
  const box = await menu.boundingBox()
  expect(box!.x).toBeGreaterThanOrEqual(0)
  expect(box!.x + box!.width).toBeLessThanOrEqual(VIEWPORTS.narrow.width)
  await expectNoSeriousA11yViolations(page, 'header-menu-open-narrow')
  await attachScreenshot(page, 'header-menu-open')
  await page.keyboard.press('Escape')
  await page.setViewportSize(VIEWPORTS.wide)

  // The Sync screen has no buttons of its own any more: one place, one set of words.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  const main = page.getByRole('main')
  for (const old of ['Pull now', 'Full pull', 'Sync now', 'Retry']) await expect(main.getByRole('button', { name: old })).toHaveCount(0)
  await expect(page.getByRole('region', { name: 'Current run' })).toContainText('Sync finished')
})

test('offline: push disabled with the reason; back online the banner offers to push the queued change', async ({ page }) => {
  test.setTimeout(150_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, { ...peer, url: gate.url }, 'Acme')
  const toggle = header(page).getByRole('button', { name: 'More sync actions' })
  const menu = page.getByRole('menu', { name: 'Sync actions' })
  const toasts = page.getByRole('region', { name: 'Messages' })

  await toggle.click()
  await menu.getByRole('menuitem', { name: 'Pull only' }).click()
  await expect(toasts.getByRole('status').filter({ hasText: 'Pull finished' })).toBeVisible({ timeout: 30_000 })

  // An edit made here waits in the outbox: one queued change.
  const edited = await page.evaluate(async () => {
    const people = await window.cio.people.search({ limit: 1 })
    if (!people.ok) return people
    const person = people.value.rows[0]
    const r = await window.cio.changes.edit({ kind: 'attributes', pk: person.pk, set: { plan: 'offline-gold' } })
    return r.ok ? { ok: true, id: person.id ?? person.email } : r
  })
  expect(edited.ok).toBe(true)
  const personId = (edited as { id: string }).id

  // The network goes down; a pull finds out, and the banner says so.
  await gate.down()
  await toggle.click()
  await menu.getByRole('menuitem', { name: 'Pull only' }).click()
  const banner = page.getByRole('status').filter({ hasText: 'Customer.io cannot be reached' })
  await expect(banner).toBeVisible({ timeout: 30_000 })
  await expect(banner).toContainText('checked again in the background')
  // The pull keeps retrying: stop it.
  const cancel = header(page).getByRole('button', { name: 'Cancel pull' })
  if (await cancel.isVisible()) await cancel.click()

  await toggle.click()
  const push = menu.getByRole('menuitem', { name: 'Push 1 queued change' })
  await expect(push).toHaveAttribute('aria-disabled', 'true')
  await expect(push).toHaveAccessibleDescription(/Customer.io cannot be reached, so nothing can be pushed/)
  await push.click({ force: true }) // aria-disabled: Playwright would wait for it to be enabled
  await expect(menu).toBeVisible() // a disabled item does not run
  await expectNoSeriousA11yViolations(page, 'header-offline')
  await attachScreenshot(page, 'header-offline-push-disabled')
  await page.keyboard.press('Escape')
  // The Changes screen's own push buttons say the same.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Changes/ }).click()
  const pushAll = page.getByRole('button', { name: 'Push all' })
  await expect(pushAll).toBeDisabled()
  await expect(pushAll).toHaveAttribute('title', /Customer.io cannot be reached, so nothing can be pushed/)
  await page.goBack()

  // Back online: nobody presses anything; the background check finds it (first one after 15 s).
  await gate.up()
  await expect(banner).toBeHidden({ timeout: 45_000 })
  const back = page.getByRole('status').filter({ hasText: 'Customer.io can be reached again' })
  await expect(back).toBeVisible()
  await expect(back).toContainText('One change was queued')
  await expectNoSeriousA11yViolations(page, 'header-back-online')
  await attachScreenshot(page, 'header-back-online')
  await back.getByRole('button', { name: 'Push 1 queued change' }).click()
  await expect(toasts.getByRole('status').filter({ hasText: 'Push changes finished' })).toContainText('Acme', { timeout: 30_000 })
  await expect(back).toBeHidden()

  // It reached the workspace.
  const auth = { Authorization: `Bearer ${peer.appApiKey}` }
  await expect
    .poll(async () => {
      const res = await fetch(`${peer.url}/v1/customers/${encodeURIComponent(personId)}/attributes`, { headers: auth })
      return res.ok ? ((await res.json()) as { customer: { attributes: Record<string, unknown> } }).customer.attributes.plan : null
    }, { timeout: 30_000 })
    .toBe('offline-gold')
})
