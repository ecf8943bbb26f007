import { expect, test } from './fixtures'
import { startHost, type Host } from './headless-host'

// Settings → Preferences in the real UI: the active workspace's Track rate is kept across a reload,
// an impossible value is refused with a message saying what is allowed, and blank means the default.
// Attributes to always pull (issue 13): names are added and removed at once, checked first, and kept.
let host: Host
test.beforeAll(async () => {
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
})

test('set a request rate and the battery level, see them kept, and be told about a bad value', async ({ page }) => {
  await page.goto(host.url)
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  const form = page.getByRole('form', { name: 'Preferences' })
  const track = form.getByRole('textbox', { name: 'Track API, requests per second' })
  await expect(track).toHaveValue('')
  await expect(track).toHaveAttribute('placeholder', /default \d+/)

  await track.fill('0')
  await form.getByRole('button', { name: 'Save preferences' }).click()
  await expect(form.getByRole('alert')).toContainText('between 1 and 1000')

  await track.fill('250')
  await form.getByRole('spinbutton', { name: 'Hold scheduled syncs on battery below (%)' }).fill('35')
  await form.getByRole('button', { name: 'Save preferences' }).click()
  await expect(form.getByRole('status')).toContainText('Saved')

  await page.reload()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByRole('form', { name: 'Preferences' }).getByRole('textbox', { name: 'Track API, requests per second' })).toHaveValue('250')
  await expect(page.getByRole('form', { name: 'Preferences' }).getByRole('spinbutton', { name: 'Hold scheduled syncs on battery below (%)' })).toHaveValue('35')
  const prefs = await page.evaluate(async () => window.cio.preferences.get({}))
  expect(prefs).toMatchObject({ ok: true, value: { trackRate: 250, batteryThreshold: 35, pipelinesRate: null } })
})

test('add and remove an attribute to always pull, kept across a reload', async ({ page }) => {
  await page.goto(host.url)
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Settings' }).click()
  const panel = page.getByRole('region', { name: 'Attributes to always pull' })
  await expect(panel).toContainText('an export asks Customer.io for these columns even if no sampled person has them')
  await expect(panel).toContainText('None yet')
  const add = panel.getByRole('form', { name: 'Add an attribute to always pull' })
  const field = add.getByRole('textbox', { name: 'Attribute name' })

  await field.fill('  plan_tier ')
  await add.getByRole('button', { name: 'Add' }).click()
  const list = panel.getByRole('list', { name: 'Attributes to always pull' })
  await expect(list.getByRole('listitem')).toHaveText([/^plan_tier\s*Remove$/])
  await expect(panel.getByRole('status')).toContainText('Added “plan_tier”')
  await expect(field).toHaveValue('')

  // the same name again, and one Customer.io would refuse, are explained and not sent
  await field.fill('plan_tier')
  await add.getByRole('button', { name: 'Add' }).click()
  await expect(panel.getByRole('alert')).toContainText('already in the list')
  await field.fill('é'.repeat(76))
  await add.getByRole('button', { name: 'Add' }).click()
  await expect(panel.getByRole('alert')).toContainText('at most 150 bytes')
  await field.fill('Company Size')
  await field.press('Enter')
  await expect(list.getByRole('listitem')).toHaveCount(2)

  await page.reload()
  await nav.getByRole('link', { name: 'Settings' }).click()
  const again = page.getByRole('region', { name: 'Attributes to always pull' }).getByRole('list', { name: 'Attributes to always pull' })
  await expect(again.getByRole('listitem')).toHaveCount(2)
  expect(await page.evaluate(async () => window.cio.preferences.get({}))).toMatchObject({ ok: true, value: { extraAttributeNames: ['Company Size', 'plan_tier'] } })

  await again.getByRole('button', { name: 'Remove plan_tier' }).click()
  await expect(again.getByRole('listitem')).toHaveText([/^Company Size\s*Remove$/])
  expect(await page.evaluate(async () => window.cio.preferences.get({}))).toMatchObject({ ok: true, value: { extraAttributeNames: ['Company Size'] } })
})
