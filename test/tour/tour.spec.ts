import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test, VIEWPORTS } from '../e2e/fixtures'
import type { SandboxHandle } from '../../src-main/sandbox'
import { startHost, type Host } from '../e2e/headless-host'
import { SCREEN_STATES } from '../e2e/screen-states'
import { seedEditAndConflict, seedPulledWorkspace, startSeedSandbox } from '../e2e/seed'

// The screenshot tour: one PNG per screen and state (test/e2e/screen-states.ts) at each window size,
// from a seeded app (a sandbox pulled, an edit waiting, a conflict, an import planned from a fixture),
// plus an index listing them. Written to TOUR_DIR (default: tour/ at the repository's root).
const outDir = resolve(process.env.TOUR_DIR ?? join(__dirname, '../../tour'))
let host: Host
let sandbox: SandboxHandle

test.beforeAll(async () => {
  sandbox = await startSeedSandbox(200)
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sandbox?.close()
})

interface Shot {
  file: string
  state: string
  size: string
  description: string
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function writeIndex(shots: Shot[]): void {
  const md = ['# cio-sync screenshot tour', '', `${shots.length} screenshots, written by \`npm run tour\` on ${new Date().toISOString()}.`, '']
  for (const s of shots) md.push(`- [${s.file}](${s.file}): ${s.description} (${s.size})`)
  writeFileSync(join(outDir, 'index.md'), md.join('\n') + '\n')
  const items = shots
    .map((s) => `<figure><a href="${escapeHtml(s.file)}"><img src="${escapeHtml(s.file)}" alt="${escapeHtml(s.description)}" loading="lazy"></a><figcaption><strong>${escapeHtml(s.state)}</strong> (${s.size}): ${escapeHtml(s.description)}</figcaption></figure>`)
    .join('\n')
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>cio-sync screenshot tour</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;background:#f7f7f8}figure{margin:0 0 28px}img{max-width:100%;border:1px solid #ccc}figcaption{margin-top:6px}</style>
<h1>cio-sync screenshot tour</h1><p>${shots.length} screenshots, written by <code>npm run tour</code>.</p>
${items}
</html>
`
  writeFileSync(join(outDir, 'index.html'), html)
}

test('screenshot tour: every screen and state at 1400x900 and 1000x700', async ({ page }) => {
  rmSync(outDir, { recursive: true, force: true })
  mkdirSync(outDir, { recursive: true })
  await page.goto(host.url)
  await seedPulledWorkspace(page, sandbox)
  await seedEditAndConflict(page, sandbox)
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Conflicts/ })).toHaveAccessibleName(/1 open conflict/)

  const shots: Shot[] = []
  for (const viewport of [VIEWPORTS.wide, VIEWPORTS.narrow]) {
    await page.setViewportSize(viewport)
    const size = `${viewport.width}x${viewport.height}`
    for (const state of SCREEN_STATES) {
      await test.step(`${state.name} ${size}`, async () => {
        await state.reach(page)
        const file = `${state.name}-${size}.png`
        // The caret and animations would make two runs differ for no reason.
        await page.screenshot({ path: join(outDir, file), animations: 'disabled', caret: 'hide' })
        shots.push({ file, state: state.name, size, description: state.description })
        await state.leave?.(page)
      })
    }
  }
  writeIndex(shots)
  console.log(`tour: ${shots.length} screenshots and index.html / index.md in ${outDir}`)
})
