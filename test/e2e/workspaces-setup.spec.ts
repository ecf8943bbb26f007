import { execFile, spawn } from 'node:child_process'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startHost, type Host } from './headless-host'
import { startPeer, type Peer } from './sandbox-peer'

// Issue 15, point 10: setting up a workspace without a guide. The add form tests the typed keys
// before anything is stored, refuses to save refused or missing keys (Save anyway only when the
// API cannot be reached), the Sandbox's keys can be shown with a curl example that works, a
// workspace the CLI adds appears without a reload, two workspaces with one Site ID are flagged,
// Settings and schedule errors speak the user's language. Real host, real sandbox peer, real CLI.
const root = resolve(__dirname, '../..')
const run = promisify(execFile)

let host: Host
let peer: Peer

test.beforeAll(async () => {
  peer = await startPeer()
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await peer?.stop()
})

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(VIEWPORTS.wide)
})

async function openWorkspaces(page: Page) {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workspaces' }).click()
  await expect(page.getByRole('row').filter({ hasText: 'Sandbox' })).toBeVisible()
}

async function openAddForm(page: Page, name: string, url: string) {
  await page.getByRole('button', { name: 'Add workspace' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add workspace' })
  await dialog.getByLabel('Name', { exact: true }).fill(name)
  await dialog.getByRole('radiogroup', { name: 'Kind' }).getByRole('radio', { name: 'Custom URL' }).check()
  await dialog.getByLabel('URL', { exact: true }).fill(url)
  return dialog
}

async function workspaceNames(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const r = await window.cio.workspaces.list({})
    if (!r.ok) throw new Error(r.error.message)
    return r.value.workspaces.map((w) => w.name)
  })
}

test('Test connection tries the typed keys before saving; good keys save, refused and missing keys do not', async ({ page }) => {
  await openWorkspaces(page)
  await expectNoSeriousA11yViolations(page, 'workspaces')
  await attachScreenshot(page, 'workspaces-list')

  const dialog = await openAddForm(page, 'Staging', peer.url)
  await dialog.getByLabel('Site ID').fill(peer.siteId)
  await dialog.getByLabel('Track API key').fill(peer.trackApiKey)
  await dialog.getByLabel('App API key').fill(peer.appApiKey)
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  const result = dialog.getByRole('status').filter({ hasText: 'Connection test' })
  await expect(result).toContainText('Connection test passed: the keys are accepted', { timeout: 20_000 })
  await expect(result).toContainText(`Custom URL: region US; requests go to ${peer.url}`)
  // Tested, not stored.
  expect(await workspaceNames(page)).not.toContain('Staging')
  await expectNoSeriousA11yViolations(page, 'workspace form')
  await attachScreenshot(page, 'workspace-form-tested')

  // The typed keys are never echoed back by the test.
  const draft = await page.evaluate(
    async (p) => window.cio.workspaces.testdraft({ kind: 'custom', url: p.url, credentials: { siteId: p.siteId, trackApiKey: p.trackApiKey, appApiKey: p.appApiKey } }),
    { url: peer.url, siteId: peer.siteId, trackApiKey: peer.trackApiKey, appApiKey: peer.appApiKey },
  )
  expect(draft).toMatchObject({ ok: true, value: { verdict: 'ready' } })
  for (const secret of [peer.trackApiKey, peer.appApiKey]) expect(JSON.stringify(draft)).not.toContain(secret)

  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(dialog).toBeHidden({ timeout: 20_000 })
  await expect(page.getByRole('row').filter({ hasText: 'Staging' })).toBeVisible()

  // A wrong Track API key and no App API key: not saved, and each key is named with what to do.
  const bad = await openAddForm(page, 'Typo', peer.url)
  await bad.getByLabel('Site ID').fill(peer.siteId)
  await bad.getByLabel('Track API key').fill('wrong-track-key-0000')
  await bad.getByRole('button', { name: 'Save', exact: true }).click()
  const refused = bad.getByRole('status').filter({ hasText: 'Not saved' })
  await expect(refused).toContainText('Not saved: fix the keys highlighted above', { timeout: 20_000 })
  await expect(refused).toContainText('Site ID or Track API key was refused')
  await expect(refused).toContainText('(HTTP 401)')
  await expect(refused).toContainText('App API key is missing: create one in Customer.io → Settings → API credentials → App API keys')
  await expect(bad.getByLabel('Track API key')).toHaveAttribute('aria-invalid', 'true')
  await expect(bad.getByLabel('Track API key')).toBeFocused()
  await expect(bad.getByRole('button', { name: 'Save anyway' })).toHaveCount(0)
  await attachScreenshot(page, 'workspace-form-refused')
  expect(await workspaceNames(page)).not.toContain('Typo')

  // Changing a key makes the old verdict stale.
  await bad.getByLabel('Track API key').fill(peer.trackApiKey)
  await expect(refused).toHaveCount(0)
  await bad.getByRole('button', { name: 'Cancel', exact: true }).click()
  await expect(bad).toBeHidden()
})

test('an API that cannot be reached allows Save anyway; the region line says what a custom URL means', async ({ page }) => {
  await openWorkspaces(page)
  const dialog = await openAddForm(page, 'Offline proxy', 'http://127.0.0.1:9')
  await dialog.getByLabel('Site ID').fill('site0000offline')
  await dialog.getByLabel('Track API key').fill('track-key-offline-0000')
  await dialog.getByLabel('App API key').fill('app-key-offline-0000')
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  const result = dialog.getByRole('status').filter({ hasText: 'could not be reached' })
  await expect(result).toContainText('Not saved yet: the APIs could not be reached', { timeout: 20_000 })
  await expect(result).toContainText('Custom URL: region not detected; requests go to http://127.0.0.1:9')
  await expect(result).toContainText('You can save anyway')
  await expectNoSeriousA11yViolations(page, 'workspace form (unreachable)')
  await attachScreenshot(page, 'workspace-form-unreachable')
  expect(await workspaceNames(page)).not.toContain('Offline proxy')

  await dialog.getByRole('button', { name: 'Save anyway' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('row').filter({ hasText: 'Offline proxy' })).toBeVisible()
})

test('the Sandbox shows its keys with a curl example that works; a real workspace keeps its keys masked', async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
  await openWorkspaces(page)
  const staging = page.getByRole('row').filter({ hasText: 'Staging' })
  await expect(staging.getByRole('button', { name: 'Show keys' })).toHaveCount(0)

  await page.getByRole('row').filter({ hasText: 'Sandbox' }).getByRole('button', { name: 'Show keys' }).click()
  const dialog = page.getByRole('dialog', { name: 'Keys of “Sandbox”' })
  const keys = dialog.getByRole('table', { name: 'Sandbox keys and addresses' })
  await expect(keys.getByRole('row', { name: /^Site ID/ })).toBeVisible({ timeout: 20_000 })
  const value = async (label: string) => (await keys.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) }).locator('code').innerText()).trim()
  const siteId = await value('Site ID')
  const trackKey = await value('Track API key')
  const appKey = await value('App API key')
  expect(siteId.length).toBeGreaterThan(4)
  expect(await value('Track API URL')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1$/)
  await expectNoSeriousA11yViolations(page, 'sandbox keys')
  await attachScreenshot(page, 'sandbox-keys')

  await dialog.getByRole('button', { name: 'Copy App API key' }).click()
  await expect(dialog.getByText('Copied')).toBeVisible()
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(appKey)

  // The examples are real commands: run them as shown.
  const track = (await dialog.getByRole('figure', { name: 'Create or update a person (Track API)' }).locator('pre').innerText()).trim()
  const read = (await dialog.getByRole('figure', { name: 'Read that person back (App API)' }).locator('pre').innerText()).trim()
  expect(track).toContain(`${siteId}:${trackKey}`)
  await run('bash', ['-c', `${track} --fail --silent --show-error`])
  const { stdout } = await run('bash', ['-c', `${read} --fail --silent --show-error`])
  expect(JSON.parse(stdout)).toMatchObject({ customer: { id: 'rehearsal-1', attributes: { email: 'rehearsal-1@example.com' } } })
  await dialog.getByRole('button', { name: 'Done' }).click()
  await expect(dialog).toBeHidden()

  // The channel refuses a real workspace's keys.
  const refused = await page.evaluate(async () => {
    const list = await window.cio.workspaces.list({})
    if (!list.ok) throw new Error(list.error.message)
    const id = list.value.workspaces.find((w) => w.name === 'Staging')!.id
    return window.cio.workspaces.sandboxkeys({ id })
  })
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  await expect(staging).toContainText(`•••• ${peer.trackApiKey.slice(-4)}`)
})

test('a workspace added from the command line appears without a reload, flagged for its Site ID', async ({ page }) => {
  await openWorkspaces(page)
  await expect(page.getByRole('row').filter({ hasText: 'Staging' })).not.toContainText('Same Site ID')
  const cli = spawn(process.execPath, [join(root, 'bin/cio-sync.js'), '--home', host.home, 'workspace', 'add', 'From CLI', '--url', peer.url], {
    cwd: root,
    env: { ...process.env, CIO_SITE_ID: peer.siteId, CIO_TRACK_API_KEY: peer.trackApiKey, CIO_APP_API_KEY: peer.appApiKey, CIO_WRITE_KEY: peer.writeKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  cli.stderr!.on('data', (d) => (stderr += d.toString()))
  const code = await new Promise<number | null>((res) => cli.once('exit', res))
  expect(code, stderr).toBe(0)
  // The CLI reports what the form would have said (a note: same Site ID as Staging).
  expect(stderr).toContain('Same Site ID as “Staging”')

  const added = page.getByRole('row', { name: /^From CLI/ })
  await expect(added).toBeVisible({ timeout: 15_000 })
  await expect(added).toContainText('Same Site ID as “Staging”')
  await expect(page.getByRole('row', { name: /^Staging/ })).toContainText('Same Site ID as “From CLI”')
  await expect(added).toContainText(`•••• ${peer.siteId.slice(-4)}`)
  expect(await page.locator('body').innerText()).not.toContain(peer.siteId)
  await expectNoSeriousA11yViolations(page, 'workspaces (same Site ID)')
  await attachScreenshot(page, 'workspaces-same-site-id')
  await page.setViewportSize(VIEWPORTS.narrow)
  await attachScreenshot(page, 'workspaces-narrow')

  // Adding a third with that Site ID warns in the form, and saves.
  await page.setViewportSize(VIEWPORTS.wide)
  const dialog = await openAddForm(page, 'Third', peer.url)
  await dialog.getByLabel('Site ID').fill(peer.siteId)
  await dialog.getByLabel('Track API key').fill(peer.trackApiKey)
  await dialog.getByLabel('App API key').fill(peer.appApiKey)
  await dialog.getByRole('button', { name: 'Test connection' }).click()
  await expect(dialog.getByRole('list', { name: 'What to check' })).toContainText('Same Site ID as “From CLI”, “Staging”', { timeout: 20_000 })
  await dialog.getByRole('button', { name: 'Save', exact: true }).click()
  await expect(dialog).toBeHidden({ timeout: 20_000 })
  await expect(page.getByText(/Workspace “Third” added\. Same Site ID as/)).toBeVisible()
})

test('Settings speaks plainly: the data file is up to date, with its folder and size', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  const about = page.getByRole('region', { name: 'About cio-sync' })
  await expect(about).toContainText('Data file')
  await expect(about).toContainText(/Up to date for this version · [\d.,]+ (KB|MB|B)/)
  await expect(about).toContainText(host.home)
  await expect(about).not.toContainText(/schema|headless|platform/i)
  await expectNoSeriousA11yViolations(page, 'settings')
  await attachScreenshot(page, 'settings')
})

test('a bad cron expression is explained in schedule terms, without the parser name', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await page.getByRole('region', { name: 'Schedules' }).getByRole('button', { name: 'Add schedule' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add schedule' })
  await dialog.getByRole('radio', { name: 'On a cron expression' }).check()
  const cron = dialog.getByRole('textbox', { name: 'Cron expression' })
  await cron.fill('61 * * * *')
  await dialog.getByRole('button', { name: 'Save schedule' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Minute must be 0-59; "61" is not.')
  await expect(cron).toHaveAttribute('aria-invalid', 'true')
  await cron.fill('every monday')
  await dialog.getByRole('button', { name: 'Save schedule' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Use 5 fields separated by spaces: minute hour day month weekday')
  await expect(dialog).not.toContainText(/croner|CronPattern/i)
  await expectNoSeriousA11yViolations(page, 'schedule form (bad cron)')
  await attachScreenshot(page, 'schedule-bad-cron')
})
