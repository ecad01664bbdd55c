import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The layout's dependency rules (README "Layout"), checked on the sources' import statements.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)))
    .filter((file) => !file.split(sep).includes('dist'))
}

/** Module specifiers a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true)
  return info.importedFiles.map((ref) => ref.fileName)
}

/** A relative specifier resolved to a project path (no extension), or null for a package. */
function resolveRelative(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null
  return relative(ROOT, resolve(ROOT, dirname(file), specifier))
}

/**
 * `editor/model/x.ts` → `editor/model`. A file directly in the top folder is a node of its own
 * (`collab-server/logger`): the top level holds both shared leaves and the composition root.
 */
function folderOf(path: string, top: string): string {
  const parts = path.split(sep)
  return parts.length > 2 ? join(top, parts[1]) : path.replace(/\.(ts|tsx|mts)$/, '')
}

/** Folder-level edges inside `top` (e.g. editor/plugins → editor/model), with one example each. */
function folderGraph(top: string): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>()
  for (const file of sourceFiles(top)) {
    for (const specifier of importsOf(file)) {
      const target = resolveRelative(file, specifier)
      if (target === null || !target.startsWith(top + sep)) continue
      const from = folderOf(file, top)
      const to = folderOf(target, top)
      if (from === to) continue
      if (!graph.has(from)) graph.set(from, new Map())
      graph.get(from)!.set(to, `${file} imports ${specifier}`)
    }
  }
  return graph
}

/** Every edge that lies on a cycle, described by the import that makes it. */
function edgesOnCycles(graph: Map<string, Map<string, string>>): string[] {
  const reaches = (from: string, to: string, seen = new Set<string>()): boolean => {
    if (from === to) return true
    if (seen.has(from)) return false
    seen.add(from)
    return [...(graph.get(from)?.keys() ?? [])].some((next) => reaches(next, to, seen))
  }
  const cyclic: string[] = []
  for (const [from, targets] of graph) {
    for (const [to, example] of targets) if (reaches(to, from)) cyclic.push(`${from} → ${to} (${example})`)
  }
  return cyclic
}

describe('layout dependency rules', () => {
  it('editor/ is framework-free: no React, Next.js, app/ or collab-server/ imports', () => {
    const offending = sourceFiles('editor').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => {
          const target = resolveRelative(file, specifier)
          if (target !== null) return !target.startsWith('editor' + sep)
          return /^(react|react-dom|next)(\/|$)/.test(specifier)
        })
        .map((specifier) => `${file} imports ${specifier}`),
    )
    expect(offending, 'editor/ must not depend on the UI or the server').toEqual([])
  })

  it('collab-server/ never imports app/', () => {
    const offending = sourceFiles('collab-server').flatMap((file) =>
      importsOf(file)
        .filter((specifier) => resolveRelative(file, specifier)?.startsWith('app' + sep))
        .map((specifier) => `${file} imports ${specifier}`),
    )
    expect(offending).toEqual([])
  })

  it.each(['editor', 'collab-server'])('the folders of %s/ depend on each other without cycles', (top) => {
    const graph = folderGraph(top)
    expect(graph.size, `no folder edges found under ${top}/: is the import scan broken?`).toBeGreaterThan(0)
    expect(edgesOnCycles(graph)).toEqual([])
  })

  it('finds a cycle when there is one (the checker itself)', () => {
    const graph = new Map([
      ['a', new Map([['b', 'a/x imports ../b/y']])],
      ['b', new Map([['a', 'b/y imports ../a/x']])],
    ])
    expect(edgesOnCycles(graph)).toHaveLength(2)
  })
})
