import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attachScreenshot, expect, expectNoSeriousA11yViolations, test, VIEWPORTS, type Page } from './fixtures'
import { startSandbox, type SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from './headless-host'
import { addSandboxWorkspace, pullFromSyncScreen } from './sandbox-peer'

// Issue 15, points 5: transactional messages are findable. The Campaigns screen's Transactional tab
// lists the sandbox's templates (welcome/email, alert/push, otp/SMS); "Send to person…" opens the
// send dialog on the template with a person picker over the mirror; "Show request" shows the JSON
// without any key; the send lands in the Audit log, whose filters (kind, workspace, person) and
// Export CSV are checked against what was sent.
let host: Host
let sandbox: SandboxHandle
const dataDir = mkdtempSync(join(tmpdir(), 'cio-sync-e2e-transactional-'))

async function putPerson(id: string, attributes: Record<string, unknown>): Promise<void> {
  const auth = Buffer.from(`${sandbox.siteId}:${sandbox.trackApiKey}`).toString('base64')
  const res = await fetch(`${sandbox.url}/api/v1/customers/${id}`, { method: 'PUT', headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/json' }, body: JSON.stringify(attributes) })
  expect(res.status).toBe(200)
}

async function sandboxTemplates(): Promise<{ id: number; name: string; type: string }[]> {
  const res = await fetch(`${sandbox.url}/v1/transactional`, { headers: { Authorization: `Bearer ${sandbox.appApiKey}` } })
  expect(res.status).toBe(200)
  return ((await res.json()) as { messages: { id: number; name: string; type: string }[] }).messages
}

/** RFC 4180 rows (quoted cells may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
      i++
    } else cell += c
  }
  if (cell !== '' || row.length) rows.push([...row, cell])
  return rows
}

async function exportCsv(page: Page): Promise<string[][]> {
  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const file = await download
  expect(file.suggestedFilename()).toMatch(/^audit-log-\d{8}-\d{6}\.csv$/)
  return parseCsv(readFileSync((await file.path())!, 'utf8'))
}

test.beforeAll(async () => {
  sandbox = await startSandbox({ people: 20, dataDir, exportDelayMs: 50 })
  await putPerson('e2e-ann', { email: 'ann@example.com', first_name: 'Ann' })
  await putPerson('e2e-bob', { email: 'bob@example.com', first_name: 'Bob', phone: '+15551234567' })
  await fetch(`${sandbox.url}/__sandbox/flush`, { method: 'POST', headers: { Authorization: `Bearer ${sandbox.adminToken}` } })
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

test('the Transactional tab lists the templates, sends to a picked person, and the Audit log finds, filters and exports the sends', async ({ page }) => {
  test.setTimeout(180_000)
  await page.setViewportSize(VIEWPORTS.wide)
  await page.goto(host.url)
  await addSandboxWorkspace(page, sandbox)
  await pullFromSyncScreen(page)
  const nav = page.getByRole('navigation', { name: 'Main' })

  // 1. The Transactional tab: every template of the sandbox, by name and channel, never sent yet.
  await nav.getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('tab', { name: 'Transactional' }).click()
  const table = page.getByRole('table', { name: 'Transactional messages' })
  const channelOf: Record<string, string> = { email: 'Email', push: 'Push', sms: 'SMS' }
  const templates = await sandboxTemplates()
  expect(templates.length).toBeGreaterThanOrEqual(3)
  for (const t of templates) {
    const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${t.name} #${t.id}$`) }) })
    await expect(row).toContainText(channelOf[t.type])
    await expect(row).toContainText('never')
  }
  await expectNoSeriousA11yViolations(page, 'campaigns-transactional')
  await attachScreenshot(page, 'campaigns-transactional')

  // 2. "Send to person…" on welcome: the template is chosen, the person picked from the mirror.
  await table.getByRole('button', { name: 'Send “welcome” to a person…' }).click()
  const send = page.getByRole('dialog', { name: 'Send “welcome”' })
  await expect(send.getByRole('combobox', { name: 'Message' })).toHaveValue('1')
  await expect(send.getByRole('button', { name: 'Send email' })).toBeDisabled()
  const picker = send.getByRole('combobox', { name: 'Person' })
  await picker.fill('ann@')
  await expect(send.getByRole('listbox', { name: 'Matching people' }).getByRole('option', { name: /^ann@example\.com/ })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'send-dialog-person-picker')
  await attachScreenshot(page, 'send-dialog-person-picker')
  await picker.press('Enter')
  await expect(send).toContainText('To ann@example.com')
  await send.getByRole('button', { name: 'Add key' }).click()
  await send.getByRole('textbox', { name: 'Message data key 1' }).fill('name')
  await send.getByRole('textbox', { name: 'Message data value 1' }).fill('Ann')

  // "Show request": the JSON that goes out, and no key anywhere in the dialog.
  const request = send.getByLabel('Request to Customer.io (POST /v1/send/email)')
  await expect(request).toBeHidden()
  await send.getByText('Show request').click()
  await expect(request).toContainText('"transactional_message_id": 1')
  await expect(request).toContainText('"cio_id":')
  await expect(request).toContainText('"to": "ann@example.com"')
  await expect(request).toContainText('"name": "Ann"')
  for (const key of [sandbox.appApiKey, sandbox.trackApiKey, sandbox.writeKey]) expect(await send.textContent()).not.toContain(key)
  await expect(send).toContainText('never shown')
  await expectNoSeriousA11yViolations(page, 'send-dialog-request')
  await attachScreenshot(page, 'send-dialog-request')

  await send.getByRole('button', { name: 'Send email' }).click()
  const queued = send.getByRole('status').filter({ hasText: 'Delivery id' })
  await expect(queued).toBeVisible({ timeout: 15_000 })
  const deliveryId = (await queued.locator('strong').textContent())?.trim() ?? ''
  expect(deliveryId.length).toBeGreaterThan(0)

  // 3. The dialog's "audit log" is a link: the log opens filtered to the person, with the send.
  await queued.getByRole('link', { name: 'audit log' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
  await expect(page.getByRole('searchbox', { name: 'Person' })).toHaveValue('ann@example.com')
  const entries = page.getByRole('table', { name: 'Audit log entries, newest first' })
  await expect(entries.getByRole('row')).toHaveCount(2)
  const annRow = entries.getByRole('row').nth(1)
  await expect(annRow).toContainText('Transactional email')
  await expect(annRow).toContainText(`email “welcome” (1) to ann@example.com · delivery ${deliveryId}`)
  await expect(annRow).toContainText('queued')

  // The tab now says when welcome was last sent from here.
  await nav.getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('tab', { name: 'Transactional' }).click()
  const welcome = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /^welcome #1$/ }) })
  await expect(welcome).toContainText('just now')
  await expect(welcome.getByRole('cell').nth(3)).toHaveText('1')

  // 4. A second send, an SMS to Bob, so the filters have something to tell apart.
  await table.getByRole('button', { name: 'Send “otp” to a person…' }).click()
  const sms = page.getByRole('dialog', { name: 'Send “otp”' })
  await sms.getByRole('combobox', { name: 'Person' }).fill('bob@')
  await sms.getByRole('option', { name: /^bob@example\.com/ }).click()
  await sms.getByRole('textbox', { name: 'To (optional)' }).fill('+15551234567')
  await sms.getByRole('button', { name: 'Send SMS' }).click()
  await expect(sms.getByRole('status').filter({ hasText: 'Delivery id' })).toBeVisible({ timeout: 15_000 })
  await sms.getByRole('button', { name: 'Close', exact: true }).last().click()

  // 5. The Audit log: both sends, newest first; filters by kind, person and workspace.
  await nav.getByRole('link', { name: 'Audit log' }).click()
  const pages = page.getByRole('navigation', { name: 'Audit log pages' })
  await expect(pages).toContainText('1–2 of 2 entries')
  await expect(entries.getByRole('row').nth(1)).toContainText('SMS “otp” (3) to bob@example.com')
  await expect(entries.getByRole('row').nth(2)).toContainText('email “welcome” (1) to ann@example.com')
  await expectNoSeriousA11yViolations(page, 'audit-log')
  await attachScreenshot(page, 'audit-log')

  const filters = page.getByRole('group', { name: 'Audit log filters' })
  const kind = filters.getByRole('combobox', { name: 'Kind' })
  await kind.selectOption({ label: 'Transactional SMS' })
  await expect(pages).toContainText('1–1 of 1 entry')
  await expect(entries).toContainText('otp')
  await expect(entries).not.toContainText('welcome')
  const smsOnly = await exportCsv(page)
  expect(smsOnly).toHaveLength(2)
  expect(smsOnly[1][4]).toBe('send.sms')
  await expect(page.getByRole('status').filter({ hasText: 'Downloaded' })).toContainText('1 entry')

  await kind.selectOption({ label: 'All kinds' })
  await filters.getByRole('searchbox', { name: 'Person' }).fill('bob@example.com')
  await expect(pages).toContainText('1–1 of 1 entry')
  await expect(entries).toContainText('bob@example.com')
  await filters.getByRole('searchbox', { name: 'Person' }).fill('nobody@example.com')
  await expect(page.getByRole('status').filter({ hasText: 'No entries match these filters' })).toBeVisible()
  await filters.getByRole('searchbox', { name: 'Person' }).fill('')

  const workspace = filters.getByRole('combobox', { name: 'Workspace' })
  await workspace.selectOption({ label: 'Sandbox' })
  await expect(page.getByRole('status').filter({ hasText: 'No entries match these filters' })).toBeVisible()
  await workspace.selectOption({ label: 'All workspaces' })
  await expect(pages).toContainText('1–2 of 2 entries')
  await expect(entries.getByRole('columnheader', { name: 'Workspace' })).toBeVisible()
  await expect(entries.getByRole('row').nth(1)).toContainText('Acme')

  // Details of an entry open under its summary (identifiers and data keys, never the data's values).
  await entries.getByRole('row').nth(2).getByText(/^email “welcome”/).click()
  const details = page.getByLabel(/^Details of entry \d+$/).first()
  await expect(details).toContainText('"dataKeys"')
  await expect(details).not.toContainText('"Ann"')
  await expectNoSeriousA11yViolations(page, 'audit-log-details')

  // 6. Export CSV: the rows are the entries shown, newest first, in the same words.
  const csv = await exportCsv(page)
  expect(csv[0]).toEqual(['id', 'time (UTC)', 'workspace', 'actor', 'action', 'kind', 'summary', 'outcome', 'file', 'job', 'counts', 'details'])
  const rows = csv.slice(1)
  expect(rows).toHaveLength(2)
  expect(rows.map((r) => r[4])).toEqual(['send.sms', 'send.email'])
  expect(rows.map((r) => r[2])).toEqual(['Acme', 'Acme'])
  for (const [i, r] of rows.entries()) {
    await expect(entries.getByRole('row').nth(i + 1)).toContainText(r[6])
    expect(r[7]).toBe('queued')
    expect(Number.isNaN(Date.parse(r[1]))).toBe(false)
  }
  expect(rows[1][6]).toContain(deliveryId)
  expect(JSON.parse(rows[1][11])).toMatchObject({ status: 'queued', deliveryId, recipient: { email: 'ann@example.com' } })

  await page.setViewportSize(VIEWPORTS.narrow)
  await expectNoSeriousA11yViolations(page, 'audit-log-narrow')
  await attachScreenshot(page, 'audit-log')
  await nav.getByRole('link', { name: 'Campaigns' }).click()
  await page.getByRole('tab', { name: 'Transactional' }).click()
  await expect(table).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'campaigns-transactional-narrow')
  await attachScreenshot(page, 'campaigns-transactional')
  await table.getByRole('button', { name: 'Send “alert” to a person…' }).click()
  await expect(page.getByRole('dialog', { name: 'Send “alert”' }).getByRole('combobox', { name: 'Message' })).toHaveValue('2')
  await expectNoSeriousA11yViolations(page, 'send-dialog-narrow')
  await attachScreenshot(page, 'send-dialog-from-template')
})
