import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

// What a module loads when it runs: its value imports, followed through relative files, down to
// the packages at the end. Type-only imports and exports (`import type`, `import { type A }`,
// `export type … from`) are erased by the compiler and load nothing, so they are not followed.
// A worker thread is a V8 isolate of its own: every module it loads is compiled and held again.

export interface RuntimeImports {
  /** source files loaded, relative to the root, each with the file that first imported it */
  files: Map<string, string | null>
  /** packages loaded (bare specifiers, `node:` built-ins included), each with the file that imports it */
  packages: Map<string, string>
}

const resolutionOrder = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']

function resolveRelative(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier)
  for (const suffix of resolutionOrder) {
    const candidate = base + suffix
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.(tsx?|cjs|mjs|js)$/.test(candidate)) return candidate
  }
  return null
}

/** The specifiers a file loads at run time: value imports, value re-exports, `import 'x'`, `require('x')` and `import('x')`. */
export function valueSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)))
      if (!typeOnly) found.push(node.moduleSpecifier.text)
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.exportClause
      const typeOnly = node.isTypeOnly || (clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly))
      if (!typeOnly) found.push(node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push((node.arguments[0] as ts.StringLiteral).text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** Everything `entry` loads when it runs, followed through the tree under `root`. */
export function runtimeImports(root: string, entry: string): RuntimeImports {
  const files = new Map<string, string | null>()
  const packages = new Map<string, string>()
  const key = (file: string) => relative(root, file).split(sep).join('/')
  const walk = (file: string, importer: string | null): void => {
    if (files.has(key(file))) return
    files.set(key(file), importer)
    if (!/\.tsx?$/.test(file)) return
    for (const specifier of valueSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier)
        if (target) walk(target, key(file))
      } else if (!packages.has(specifier)) packages.set(specifier, key(file))
    }
  }
  walk(resolve(root, entry), null)
  return { files, packages }
}

/** The package a specifier belongs to: `zod/v4` → `zod`, `@scope/pkg/x` → `@scope/pkg`, `node:fs` → `node:fs`. */
export function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}
