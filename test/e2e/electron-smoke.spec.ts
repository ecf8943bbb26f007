import { _electron as electron, expect, test } from '@playwright/test'
import { resolve } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

// The desktop app itself, where an Electron binary exists (a developer's machine). Elsewhere the
// same flows are covered in Chromium through `cio-sync serve`, and this spec says why it skipped.
const root = resolve(__dirname, '../..')

async function binary(): Promise<{ ok: boolean; path?: string; reason?: string }> {
  const mod = (await import(resolve(root, 'scripts/electron-binary.mjs'))) as { electronBinary(): { ok: boolean; path?: string; reason?: string } }
  return mod.electronBinary()
}

test('desktop app opens a sandboxed window on the sandbox workspace', async () => {
  const bin = await binary()
  if (!bin.ok) console.log(`Electron smoke test skipped: ${bin.reason}`)
  test.skip(!bin.ok, `Electron smoke test skipped: ${bin.reason}`)
  const app = await electron.launch({
    executablePath: bin.path,
    args: [root],
    env: { ...process.env, CIO_SYNC_HOME: mkdtempSync(join(tmpdir(), 'cio-sync-electron-')) },
  })
  try {
    const page = await app.firstWindow()
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
    // Sandboxed, isolated, no Node: the page sees window.cio and nothing of Node or Electron.
    const page_ = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
      cio: typeof (window as unknown as { cio?: unknown }).cio,
    }))
    expect(page_).toEqual({ require: 'undefined', process: 'undefined', cio: 'object' })
  } finally {
    await app.close()
  }
})
