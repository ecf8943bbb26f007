import { expect, test } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Issue 14 in the real UI: the review shows the encoding the file was read in and why, and lets
// the user accept a row's stray byte or read the file in another encoding; it lists the cell
// conversions with an example; and a new attribute on people the workspace has must be
// acknowledged before the push button works. Phone numbers arrive with their +.
let host: Host
let sandbox: SandboxHandle

async function admin(method: string, path: string): Promise<void> {
  const res = await fetch(`${sandbox.url}${path}`, { method, headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  expect(res.ok).toBe(true)
}

async function track(id: string, body: unknown): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1/customers/${id}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status).toBe(200)
}

async function remote(id: string): Promise<Record<string, string> | null> {
  await admin('POST', '/__sandbox/flush')
  const res = await fetch(`${sandbox.url}/v1/customers/${encodeURIComponent(id)}/attributes`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  if (res.status === 404) return null
  return ((await res.json()) as { customer: { attributes: Record<string, string> } }).customer.attributes
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 0, exportDelayMs: 50 })
  for (const id of ['dc-1', 'dc-2', 'dc-3']) await track(id, { first_name: 'Old', lifetime_value: '10' })
  await admin('POST', '/__sandbox/flush')
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('the review shows the encoding, the conversions and new attributes, and waits for them to be acknowledged', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox, 'Checks')
  await pullFromSyncScreen(page)

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Import' }).click()
  await page.getByLabel('Import kind').selectOption({ label: 'People' })
  // UTF-8 with one Windows-1252 byte (row 3), a phone with +, a score that becomes a number, a new `ltv`
  const csv = Buffer.concat([
    Buffer.from('id,first_name,contact,score,LTV\ndc-1,José,+4915112345678,1.50,10\ndc-2,Zoë,+441632960961,2,20\ndc-3,Fran'),
    Buffer.from([0xe7]),
    Buffer.from('ois,+15551234567,3,30\n'),
  ])
  await page.getByLabel('CSV file').setInputFiles({ name: 'checks.csv', mimeType: 'text/csv', buffer: csv })
  await expect(page.getByLabel('Encoding')).toContainText('Detected: UTF-8')
  await page.getByRole('button', { name: 'Next: mapping' }).click()
  await page.getByRole('button', { name: 'Plan import' }).click()
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toBeVisible({ timeout: 30_000 })

  // The encoding, why, and the stray byte's row refused.
  const encoding = page.getByRole('region', { name: 'File encoding' })
  await expect(encoding.getByLabel('Read as')).toHaveValue('utf-8')
  await expect(encoding).toContainText('1 byte is not UTF-8')
  await expect(page.getByRole('list', { name: 'Planned rows by outcome' })).toContainText('!1 invalid')

  // The conversion, with its example; the phone column is not converted.
  const conversions = page.getByRole('table', { name: 'Conversions' })
  await expect(conversions).toContainText('text → number')
  await expect(conversions).toContainText('"1.50" → 1.5')
  await expect(conversions).not.toContainText('contact')

  // New attribute on people the workspace has: the push waits for the acknowledgement.
  const fresh = page.getByRole('alert').filter({ hasText: 'new attribute' })
  await expect(fresh).toContainText('New attribute ltv (column “LTV”) on 2 people, 2 of them already in the workspace')
  await expect(page.getByRole('button', { name: /^Push \d+ changes?$/ })).toBeDisabled()

  // Accept the stray byte: planned again, nothing invalid.
  await encoding.getByLabel(/Import the rows with the byte that is not UTF-8/).check()
  await expect(page.getByRole('list', { name: 'Planned rows by outcome' })).toContainText('!0 invalid', { timeout: 30_000 })
  await expect(page.getByRole('table', { name: 'Conversions' })).toContainText('stray bytes read as Windows-1252')

  // Read as Windows-1252 instead: planned again, the choice shown as the user's.
  await page.getByRole('region', { name: 'File encoding' }).getByLabel('Read as').selectOption('windows-1252')
  await expect(page.getByRole('region', { name: 'File encoding' })).toContainText('chosen by you', { timeout: 30_000 })
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toContainText('JosÃ©')
  // …and back to UTF-8 with the byte accepted, which is what is meant.
  await page.getByRole('region', { name: 'File encoding' }).getByLabel('Read as').selectOption('utf-8')
  await expect(page.getByRole('grid', { name: 'Planned changes' })).toContainText('José', { timeout: 30_000 })

  await page.getByRole('alert').filter({ hasText: 'new attribute' }).getByLabel(/I mean to create these attributes/).check()
  await page.getByRole('button', { name: /^Push \d+ changes?$/ }).click()
  await expect(page.getByLabel('Push results')).toBeVisible({ timeout: 30_000 })
  expect(await remote('dc-1')).toMatchObject({ first_name: 'José', contact: '+4915112345678', score: '1.5', ltv: '10' })
  expect(await remote('dc-3')).toMatchObject({ first_name: 'François', contact: '+15551234567' })
})
