import { resolve } from 'node:path'
import { expect, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { addSandboxWorkspace, chooseFromSyncMenu, pullFromSyncScreen } from './sandbox-peer'

// Realistic states for the screens to be looked at in (the axe sweep and the screenshot tour):
// a workspace with people after a pull, an edit waiting in the outbox, a conflict (as
// changes.spec.ts makes one: a local edit and a remote change of the same field, then a pull),
// and an import planned from a fixture file.

export const PEOPLE_FIXTURE = resolve(__dirname, '../fixtures/csv/people.csv')

/** A sandbox in this process standing in for Customer.io, with `people` generated people and Ann. */
export async function startSeedSandbox(people = 40): Promise<SandboxHandle> {
  const sandbox = await startSandbox({ people, exportDelayMs: 50 })
  await track(sandbox, 'PUT', '/customers/e2e-ann', { email: 'ann@example.com', first_name: 'Ann', plan: 'basic', city: 'Paris' })
  return sandbox
}

/** A Track API v1 call to the sandbox, as Customer.io's own UI or another integration would make. */
export async function track(sandbox: SandboxHandle, method: string, path: string, body?: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1${path}`, { method, headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: body ? JSON.stringify(body) : undefined })
  expect(res.status).toBe(200)
}

/** Adds the sandbox as the active workspace "Acme" and pulls it from the Sync screen. */
export async function seedPulledWorkspace(page: Page, sandbox: SandboxHandle): Promise<void> {
  await addSandboxWorkspace(page, sandbox)
  await pullFromSyncScreen(page)
}

/**
 * Ann's plan and first_name are edited locally (two outbox entries); meanwhile someone changes
 * her plan in Customer.io; the next pull turns plan into a conflict and leaves first_name pending.
 */
export async function seedEditAndConflict(page: Page, sandbox: SandboxHandle): Promise<void> {
  const edited = await page.evaluate(async () => {
    const found = await window.cio.people.search({ text: 'ann@example.com', limit: 1 })
    if (!found.ok || found.value.rows.length === 0) return 'Ann is not in the mirror'
    const r = await window.cio.changes.edit({ kind: 'attributes', pk: found.value.rows[0].pk, set: { plan: 'gold', first_name: 'Annie' } })
    return r.ok ? 'ok' : r.error.message
  })
  expect(edited).toBe('ok')
  await track(sandbox, 'PUT', '/customers/e2e-ann', { plan: 'platinum' })
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click()
  await chooseFromSyncMenu(page, 'Pull only')
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Conflicts/ })).toHaveAccessibleName(/1 open conflict/, { timeout: 30_000 })
}

/** Plans the people fixture on the Import screen and waits for the review grid. */
export async function seedImportPlan(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  await page.getByLabel('CSV file').setInputFiles(PEOPLE_FIXTURE)
  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await page.getByRole('button', { name: 'Plan import' }).click()
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toBeVisible({ timeout: 30_000 })
}
