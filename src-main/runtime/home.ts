import { homedir } from 'node:os'
import { join, resolve } from 'node:path'

/** The app's own data folder, the same place Electron's userData points at for "cio-sync". */
export function defaultHome(): string {
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'cio-sync')
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'cio-sync')
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'cio-sync')
}

/** `--home` wins over CIO_SYNC_HOME, which wins over the default. */
export function resolveHome(flag?: string): { home: string; isDefault: boolean } {
  const chosen = flag ?? process.env.CIO_SYNC_HOME
  if (chosen) return { home: resolve(chosen), isDefault: false }
  return { home: defaultHome(), isDefault: true }
}

export function appVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version
}
