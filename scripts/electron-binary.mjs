// Where the Electron binary would be, and whether it is really there. The npm package installs
// without it on machines that cannot download it; requiring 'electron' then tries a download.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

export function electronBinary() {
  try {
    const require = createRequire(import.meta.url)
    const pkgDir = dirname(require.resolve('electron/package.json'))
    const pathFile = join(pkgDir, 'path.txt')
    if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
      const bin = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, process.platform === 'win32' ? 'electron.exe' : 'electron')
      return existsSync(bin) ? { ok: true, path: bin } : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no binary at ${bin}` }
    }
    if (!existsSync(pathFile)) return { ok: false, reason: 'the Electron binary is not installed (its download is blocked on this machine)' }
    const bin = join(pkgDir, 'dist', readFileSync(pathFile, 'utf8').trim())
    return existsSync(bin) ? { ok: true, path: bin } : { ok: false, reason: `the Electron binary is missing at ${bin}` }
  } catch (err) {
    return { ok: false, reason: `the electron package is not installed (${err.message})` }
  }
}
