import { expect, test } from '@playwright/test'
import { startHost, type Host } from './headless-host'

// Settings → Preferences in the real UI: the active workspace's Track rate is kept across a reload,
// an impossible value is refused with a message saying what is allowed, and blank means the default.
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
