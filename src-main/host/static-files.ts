import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

export interface StaticFile {
  body: Buffer
  type: string
}

/** Reads a file of the built renderer; null when it does not exist or would escape the folder. */
export async function readStatic(root: string, urlPath: string): Promise<StaticFile | null> {
  let rel: string
  try {
    rel = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (rel.endsWith('/')) rel += 'index.html'
  const base = resolve(root)
  const file = resolve(join(base, normalize(rel)))
  if (file !== base && !file.startsWith(base + sep)) return null
  try {
    return { body: await readFile(file), type: TYPES[extname(file)] ?? 'application/octet-stream' }
  } catch {
    return null
  }
}

/** The bridge must run before the app bundle so window.cio exists when React starts. */
export function injectBridge(html: string): string {
  const tag = '<script src="./cio-bridge.js"></script>'
  const at = html.indexOf('<script')
  return at === -1 ? html.replace('</head>', `${tag}</head>`) : html.slice(0, at) + tag + html.slice(at)
}
