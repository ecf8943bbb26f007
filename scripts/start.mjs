// `npm start`: the desktop app where Electron can run; elsewhere, in one line, why not, and the
// headless host instead (the same UI and services in a browser on this machine).
import { spawn, spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { electronBinary } from './electron-binary.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
if (build.status !== 0) process.exit(build.status ?? 1)

const electron = electronBinary()
const child = electron.ok
  ? spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
  : (console.log(`Electron cannot run here: ${electron.reason}; starting the headless host instead.`),
    spawn(process.execPath, [join(root, 'bin/cio-sync.js'), 'serve', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' }))
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code) => process.exit(code ?? 0))
