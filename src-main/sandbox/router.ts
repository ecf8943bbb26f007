// A tiny method + path-pattern router (node:http only, no framework).
// Patterns use `:name` segments; values are percent-decoded once, as the real APIs expect
// identifiers to be percent-encoded in paths (docs/customerio-api.md §2.4).

import type { Ctx } from './http-kit'

export type Handler = (ctx: Ctx) => void | Promise<void>

interface Route {
  method: string
  regex: RegExp
  names: string[]
  handler: Handler
}

export interface RouteMatch {
  handler: Handler
  params: Record<string, string>
}

export class Router {
  private readonly routes: Route[] = []

  on(method: string, pattern: string, handler: Handler): this {
    const names: string[] = []
    const source = pattern
      .split('/')
      .map((part) => {
        if (part.startsWith(':')) {
          names.push(part.slice(1))
          return '([^/]+)'
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      })
      .join('/')
    this.routes.push({ method, regex: new RegExp(`^${source}/?$`), names, handler })
    return this
  }

  get(pattern: string, handler: Handler): this {
    return this.on('GET', pattern, handler)
  }
  post(pattern: string, handler: Handler): this {
    return this.on('POST', pattern, handler)
  }
  put(pattern: string, handler: Handler): this {
    return this.on('PUT', pattern, handler)
  }
  delete(pattern: string, handler: Handler): this {
    return this.on('DELETE', pattern, handler)
  }

  /** Finds the handler; `pathExists` tells a 405-ish "wrong method" from a plain 404. */
  match(method: string, path: string): { found: RouteMatch | null; pathExists: boolean } {
    let pathExists = false
    for (const route of this.routes) {
      const m = route.regex.exec(path)
      if (!m) continue
      pathExists = true
      if (route.method !== method) continue
      const params: Record<string, string> = {}
      route.names.forEach((name, i) => {
        params[name] = safeDecode(m[i + 1])
      })
      return { found: { handler: route.handler, params }, pathExists }
    }
    return { found: null, pathExists }
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
