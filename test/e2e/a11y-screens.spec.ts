import { expect, test, attachScreenshot, expectNoSeriousA11yViolations, VIEWPORTS } from './fixtures'
import type { SandboxHandle } from '../../src-main/sandbox'
import { ROUTES } from '../../src-renderer/components/route'
import { startHost, type Host } from './headless-host'
import { SCREEN_STATES } from './screen-states'
import { seedEditAndConflict, seedPulledWorkspace, startSeedSandbox } from './seed'

// Issue 15: axe-core finds no serious or critical violation on any screen, with data in it, nor in
// the main dialogs and panels, at both window sizes. The states are the screenshot tour's
// (screen-states.ts), seeded once: a pulled workspace, an edit waiting, a conflict.
let host: Host
let sandbox: SandboxHandle

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000)
  sandbox = await startSeedSandbox()
  host = await startHost()
  const page = await browser.newPage()
  await page.goto(host.url)
  await seedPulledWorkspace(page, sandbox)
  await seedEditAndConflict(page, sandbox)
  await page.close()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('the states cover every screen of the navigation', () => {
  const reached = new Set(SCREEN_STATES.map((s) => s.name.split('-')[0]))
  expect(ROUTES.map((r) => r.id).filter((id) => !reached.has(id))).toEqual([])
})

for (const [size, viewport] of Object.entries(VIEWPORTS)) {
  test(`no serious or critical axe violation on any screen, dialog or panel (${size}, ${viewport.width}x${viewport.height})`, async ({ page }) => {
    test.setTimeout(240_000)
    await page.setViewportSize(viewport)
    await page.goto(host.url)
    await expect(page.getByRole('group', { name: 'Active workspace' }).locator('.ws-name')).toHaveText('Acme')
    for (const state of SCREEN_STATES) {
      await test.step(state.name, async () => {
        await state.reach(page)
        await expectNoSeriousA11yViolations(page, state.name)
        await attachScreenshot(page, state.name)
        await state.leave?.(page)
      })
    }
  })
}
