import { expect, test } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace } from './sandbox-peer'

// Editing a collection's rows (issue #6): pull a collection, change a cell in place and add a row
// on the Collections screen, see the collection marked as edited, push it from the Changes screen,
// and find exactly that content in the workspace through the App API.
let host: Host
let sandbox: SandboxHandle

async function app(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${sandbox.appApiKey}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, exportDelayMs: 50 })
  await app('POST', '/v1/collections', { name: 'stores', data: [{ city: 'Paris', open: 9 }, { city: 'Lyon', open: 10 }] })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('edit a cell and add a row of a collection, push, and match the workspace', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Stores')

  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Collections' }).click()
  await page.getByRole('button', { name: 'Pull collections' }).click()
  await page.getByRole('button', { name: 'stores', exact: true }).click()
  const grid = page.getByRole('grid', { name: 'Rows of stores' })
  const lyon = grid.getByRole('gridcell', { name: 'Lyon' })
  await expect(lyon).toBeVisible({ timeout: 30_000 })

  // A cell edited in place: double click, type, Enter.
  await lyon.dblclick()
  const box = grid.getByRole('textbox', { name: 'city of row 2' })
  await box.fill('Lille')
  await box.press('Enter')
  await expect(grid.getByRole('gridcell', { name: 'Lille' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'local edits that are not pushed yet' })).toBeVisible()

  // A new row through the dialog.
  await page.getByRole('button', { name: 'Add row' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a row to stores' })
  await dialog.getByRole('textbox', { name: 'city' }).fill('Nice')
  await dialog.getByRole('textbox', { name: 'open' }).fill('8')
  await dialog.getByRole('button', { name: 'Add row' }).click()
  await expect(dialog).toBeHidden()
  await expect(grid.getByRole('gridcell', { name: 'Nice' })).toBeVisible()

  // Pushed from the Changes screen.
  await nav.getByRole('link', { name: /^Changes/ }).click()
  await page.getByRole('button', { name: 'Push all' }).click()
  await expect(page.getByRole('heading', { name: 'No pending changes' })).toBeVisible({ timeout: 60_000 })

  const list = (await app('GET', '/v1/collections')) as { collections: { id: number; name: string }[] }
  const stores = list.collections.find((c) => c.name === 'stores')!
  const content = (await app('GET', `/v1/collections/${stores.id}/content`)) as unknown
  expect(content).toEqual([
    { city: 'Paris', open: 9 },
    { city: 'Lille', open: 10 },
    { city: 'Nice', open: 8 },
  ])
})
