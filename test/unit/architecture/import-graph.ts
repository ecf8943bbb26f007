import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import ts from 'typescript'

// The relative import graph of a source tree: every `import`, `import type`, `export … from`,
// dynamic `import()` and `require()` of a relative path, resolved the way the bundler does
// (file.ts, file.tsx, folder/index.ts). Paths are relative to the root, with forward slashes.
export type ImportGraph = Map<string, Set<string>>

const resolutionOrder = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']

function sourceFiles(folder: string): string[] {
  const found: string[] = []
  for (const name of readdirSync(folder)) {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path))
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) found.push(path)
  }
  return found
}

function resolveImport(fromFile: string, specifier: string): string | null {
  const base = resolve(dirname(fromFile), specifier)
  for (const suffix of resolutionOrder) {
    const candidate = base + suffix
    if (existsSync(candidate) && statSync(candidate).isFile() && /\.tsx?$/.test(candidate)) return candidate
  }
  return null
}

const toKey = (root: string, file: string): string => relative(root, file).split(sep).join('/')

export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of sourceFiles(root)) {
    const targets = new Set<string>()
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue
      const target = resolveImport(file, fileName)
      // A relative import that leaves the tree (package.json) is not an edge of this graph.
      if (target && !relative(root, target).startsWith('..')) targets.add(toKey(root, target))
    }
    graph.set(toKey(root, file), targets)
  }
  return graph
}

// The two sibling folders an import crosses, if it crosses any: below the deepest folder both
// files share, the folder each one sits in (`import/plan` and `import/push`; `sync` and
// `changes`). A file directly in the shared folder is not a folder, so a folder's own files
// importing its subfolders (and back) is not a crossing.
export function crossedFolders(from: string, to: string): [string, string] | null {
  const a = from.split('/')
  const b = to.split('/')
  let shared = 0
  while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared++
  if (shared >= a.length - 1 || shared >= b.length - 1) return null
  return [a.slice(0, shared + 1).join('/'), b.slice(0, shared + 1).join('/')]
}

type Edge = { from: string; to: string; files: string[] }

// Strongly connected components (Tarjan) of a graph given as node -> neighbours.
function cyclicComponents(nodes: Iterable<string>, next: (node: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const components: string[][] = []
  let counter = 0
  const visit = (node: string): void => {
    index.set(node, counter)
    low.set(node, counter)
    counter++
    stack.push(node)
    onStack.add(node)
    for (const to of next(node)) {
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node)!, low.get(to)!))
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!))
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = []
      let member: string
      do {
        member = stack.pop()!
        onStack.delete(member)
        component.push(member)
      } while (member !== node)
      if (component.length > 1) components.push(component.sort())
    }
  }
  for (const node of nodes) if (!index.has(node)) visit(node)
  return components
}

// Every group of folders that import each other in a circle, each written as the imports that
// close it ("a -> b: a/x.ts -> b/y.ts"), so a failing test names the files to change.
export function folderCycles(graph: ImportGraph): string[][] {
  const edges = new Map<string, Edge>()
  for (const [from, targets] of graph) {
    for (const to of targets) {
      const crossing = crossedFolders(from, to)
      if (!crossing) continue
      const key = crossing.join(' -> ')
      const edge = edges.get(key) ?? { from: crossing[0], to: crossing[1], files: [] }
      edge.files.push(`${from} -> ${to}`)
      edges.set(key, edge)
    }
  }
  const neighbours = new Map<string, Set<string>>()
  for (const { from, to } of edges.values()) {
    if (!neighbours.has(from)) neighbours.set(from, new Set())
    neighbours.get(from)!.add(to)
  }
  return cyclicComponents(neighbours.keys(), (folder) => neighbours.get(folder) ?? []).map((component) => {
    const members = new Set(component)
    return [...edges.values()]
      .filter((edge) => members.has(edge.from) && members.has(edge.to))
      .flatMap((edge) => edge.files.map((files) => `${edge.from} -> ${edge.to}: ${files}`))
  })
}

// Every group of files that import each other in a circle (type-only imports included).
export function fileCycles(graph: ImportGraph): string[][] {
  return cyclicComponents(graph.keys(), (file) => graph.get(file) ?? [])
}
