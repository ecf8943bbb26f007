import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, extname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

// Comments cite the documents in docs/ by path and section: `docs/customerio-api.md §4.3` (a numbered
// heading, or item 3 of the numbered list under `## 4.`) or `docs/DESIGN.md "Sync semantics"` (a
// heading that starts with those words, or a paragraph's bold lead `**Sync semantics**`). A bare `§N`
// refers to the document last named before it in the same file (in a document: itself). This test
// fails on any citation that does not resolve, and on any path that leaves the repository.
const root = resolve(__dirname, '../../..')
const SCANNED = ['src-main', 'src-renderer', 'test', 'bench', 'scripts', 'docs', 'README.md', 'eslint.config.mjs', 'electron.vite.config.ts']
const SKIPPED_DIRS = new Set(['node_modules', 'fixtures', '.data', 'meta'])
const TEXT_FILES = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.sh', '.md', '.sql', '.css', '.html'])
/** The documents of docs/ by file name: a mention of one must be its path from the repository root. */
const DOC_NAMES = new Set(readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')))

const MD_TOKEN = /(?<![\w/.-])((?:\.{1,2}\/)*(?:[\w.-]+\/)*[\w.-]+\.md)\b/g
const SECTION = String.raw`(?:§(\d+(?:\.\d+)*)|"([^"\n]+)")`
const CHAIN = new RegExp(String.raw`^ ${SECTION}((?:\s*(?:,|/|–|-|and|or)\s*${SECTION})*)`)
const CHAIN_REST = new RegExp(SECTION, 'g')
const BARE_SECTION = /§(\d+(?:\.\d+)*)/g

function filesUnder(path: string): string[] {
  const full = join(root, path)
  if (!existsSync(full)) return []
  if (statSync(full).isFile()) return [path]
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const child = join(path, entry.name)
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(child)
    return TEXT_FILES.has(extname(entry.name)) ? [child] : []
  })
}

const docCache = new Map<string, string[]>()
function docLines(path: string): string[] {
  let lines = docCache.get(path)
  if (!lines) {
    lines = readFileSync(join(root, path), 'utf8').split('\n')
    docCache.set(path, lines)
  }
  return lines
}

/** `4` or `4.3`: a heading so numbered, or item 3 of the numbered list under the heading `4.`. */
function hasNumberedSection(doc: string, number: string): boolean {
  const lines = docLines(doc)
  const heading = new RegExp(String.raw`^#{1,6}\s+${number.replace(/\./g, '\\.')}\.?(\s|$)`)
  if (lines.some((line) => heading.test(line))) return true
  const parts = number.split('.')
  if (parts.length !== 2) return false
  const parent = lines.findIndex((line) => new RegExp(String.raw`^#{1,6}\s+${parts[0]}\.?\s`).test(line))
  if (parent < 0) return false
  for (const line of lines.slice(parent + 1)) {
    if (/^#{1,6}\s/.test(line)) return false
    if (new RegExp(String.raw`^\s*${parts[1]}\.\s`).test(line)) return true
  }
  return false
}

/** A heading that starts with these words, or a paragraph or list item whose bold lead they are. */
function hasNamedSection(doc: string, name: string): boolean {
  const wanted = name.toLowerCase()
  return docLines(doc).some((line) => {
    const heading = /^#{1,6}\s+(?:[\d.]+\s+)?(.*)$/.exec(line)?.[1].toLowerCase()
    if (heading !== undefined && heading.startsWith(wanted) && !/[\w-]/.test(heading[wanted.length] ?? '')) return true
    const bold = /^\s*(?:[-*]\s+|\d+\.\s+)?\*\*([^*]+)\*\*/.exec(line)?.[1].toLowerCase()
    return bold === wanted
  })
}

function checkSection(doc: string, number: string | undefined, name: string | undefined): string | null {
  if (number !== undefined) return hasNumberedSection(doc, number) ? null : `${doc} has no section §${number}`
  if (name !== undefined) return hasNamedSection(doc, name) ? null : `${doc} has no section "${name}"`
  return null
}

/** The unresolved citations of one file's text, as `file:line: problem`. */
function problemsIn(file: string, text: string): string[] {
  const problems: string[] = []
  const isDoc = file.endsWith('.md')
  let lastDoc: string | null = isDoc ? file : null
  text.split('\n').forEach((line, index) => {
    const at = `${file}:${index + 1}`
    if (line.includes('../shared') || /\/work\//.test(line)) problems.push(`${at}: points outside the repository: ${line.trim()}`)
    const cited: Array<[number, number]> = []
    for (const match of line.matchAll(MD_TOKEN)) {
      const token = match[1]
      const start = match.index
      const fromRoot = resolve(root, token)
      const fromFile = resolve(root, dirname(file), token)
      const inRepo = (path: string) => !relative(root, path).startsWith('..')
      const after = line.slice(start + token.length)
      const chain = CHAIN.exec(after)
      const mustResolve = token.includes('/') || DOC_NAMES.has(token) || chain !== null
      if (!mustResolve) continue
      let doc: string | null = null
      if (inRepo(fromRoot) && existsSync(fromRoot)) doc = relative(root, fromRoot)
      else if (isDoc && inRepo(fromFile) && existsSync(fromFile)) doc = relative(root, fromFile)
      if (doc === null || (!isDoc && DOC_NAMES.has(token))) {
        problems.push(`${at}: ${token} is not a path from the repository root to a file in it`)
        continue
      }
      lastDoc = doc
      if (/^ "[^"\n]*$/.test(after)) problems.push(`${at}: the section named after ${token} is split across lines`)
      if (!chain) continue
      cited.push([start, start + token.length + chain[0].length])
      for (const section of chain[0].matchAll(CHAIN_REST)) {
        const problem = checkSection(doc, section[1], section[2])
        if (problem) problems.push(`${at}: ${problem}`)
      }
    }
    for (const match of line.matchAll(BARE_SECTION)) {
      if (cited.some(([from, to]) => match.index >= from && match.index < to)) continue
      if (lastDoc === null) problems.push(`${at}: §${match[1]} names no document (cite docs/<file>.md §N first)`)
      else {
        const problem = checkSection(lastDoc, match[1], undefined)
        if (problem) problems.push(`${at}: ${problem} (a bare § refers to the last document named before it)`)
      }
    }
    for (const match of line.matchAll(/\b(DESIGN|TOOLCHAIN|customerio-api|pulls) §/g)) {
      problems.push(`${at}: ${match[1]} without its path (docs/${match[1]}.md)`)
    }
  })
  return problems
}

describe('document references', () => {
  it('every citation of a document resolves to a file and section in the repository', () => {
    const self = relative(root, __filename)
    const files = SCANNED.flatMap(filesUnder).filter((file) => file !== self)
    expect(files.length).toBeGreaterThan(300)
    const problems = files.flatMap((file) => problemsIn(file, readFileSync(join(root, file), 'utf8')))
    expect(problems).toEqual([])
  })

  it('refuses what does not resolve', () => {
    const check = (text: string) => problemsIn('src-main/example.ts', text)
    expect(check('// see docs/customerio-api.md §4.3 and §2.8')).toEqual([])
    expect(check('// docs/DESIGN.md "Sync semantics", "Three-way merge"; docs/DESIGN.md "Targets"')).toEqual([])
    expect(check('// customerio-api.md §4.3')).toContainEqual(expect.stringMatching(/customerio-api.md is not a path/))
    expect(check('// docs/customerio-api.md §42')).toEqual([expect.stringMatching(/no section §42/)])
    expect(check('// docs/customerio-api.md §8.99')).toEqual([expect.stringMatching(/no section §8.99/)])
    expect(check('// docs/DESIGN.md "No such heading"')).toEqual([expect.stringMatching(/no section "No such heading"/)])
    expect(check('// docs/DESIGN.md "Sync\n// semantics"')).toEqual([expect.stringMatching(/split across lines/)])
    expect(check('// limits (§2.5)')).toEqual([expect.stringMatching(/names no document/)])
    expect(check('// docs/pulls.md\n// limits (§2.5)')).toEqual([expect.stringMatching(/docs\/pulls.md has no section §2.5/)])
    expect(check('// copied from ../shared/customerio-api.md')).not.toEqual([])
    expect(check('// docs/missing.md')).toEqual([expect.stringMatching(/not a path/)])
    expect(check('// TOOLCHAIN §5')).toContainEqual(expect.stringMatching(/without its path/))
  })
})
