import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

/**
 * Where a worker thread's code is. From source (CLI, headless host, tests, benches: all run
 * through tsx) the worker starts from worker-bootstrap.cjs, which registers tsx and then requires
 * the TypeScript entry. From the Electron bundle it is a sibling file built from an entry of the
 * same name in electron.vite.config.ts.
 *
 * @param sourceEntry absolute path of the worker's .ts file (used only when running from source)
 * @param bundledName the entry's name in electron.vite.config.ts (out/main/<name>.js)
 */
export function workerEntry(sourceEntry: string, bundledName: string): { file: string; workerData: Record<string, unknown> } {
  if (__filename.endsWith('.ts')) {
    return { file: resolve(__dirname, 'worker-bootstrap.cjs'), workerData: { entry: sourceEntry } }
  }
  const bundled = join(__dirname, `${bundledName}.js`)
  if (!existsSync(bundled)) throw new Error(`worker ${bundledName} not found at ${bundled}; run npm run build`)
  return { file: bundled, workerData: {} }
}
