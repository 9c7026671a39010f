import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from '../helpers/engine.js'
import { importClosure, importsOf, sourceFiles } from '../helpers/sources.js'

/**
 * The boundaries docs/architecture.md draws, as `npm run lint` keeps them: each
 * import a folder may not make fails the lint there, and what it may make passes.
 */
const eslint = new ESLint({ cwd: repoRoot })

/** The boundary messages linting `code` as the file `file` (under src/) draws. */
async function crossings(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = imported\n`, {
    filePath: path.join(repoRoot, 'src', file)
  })
  return result.messages
    .filter(message => message.ruleId === '@typescript-eslint/no-restricted-imports')
    .map(message => message.message)
}

const named = (from: string) => `import { value as imported } from '${from}'`

describe('the boundaries the linter keeps', () => {
  it.each([
    ['report/probe.ts', 'node:fs', /pure: no I\/O/],
    ['dockerfile/fixes/probe.ts', 'node:fs/promises', /pure: no I\/O/],
    ['report/probe.ts', '../image/measure.js', /pure: they import only pure modules/],
    ['dockerfile/probe.ts', '../log.js', /pure: they import only pure modules/],
    ['dockerfile/probe.ts', '@actions/core', /pure: no GitHub/],
    ['sources/probe.ts', '../action/log.js', /never imports a shell/],
    ['measure/probe.ts', '../main.js', /never imports a shell/],
    ['image/probe.ts', '../cli/terminal.js', /never imports a shell/],
    ['image/probe.ts', 'node:child_process', /every subprocess goes through src\/process/],
    ['buildx/probe.ts', 'node:child_process', /every subprocess goes through src\/process/],
    ['cli/probe.ts', 'node:child_process', /every subprocess goes through src\/process/],
    ['main.ts', 'node:child_process', /every subprocess goes through src\/process/],
    ['sources/probe.ts', '@actions/core', /workflow commands are the action shell's/],
    ['github/probe.ts', '@actions/core', /workflow commands are the action shell's/],
    ['image/probe.ts', '@actions/cache', /the cache is baseline\/'s/],
    ['github/probe.ts', '@actions/cache', /the cache is baseline\/'s/],
    ['baseline/probe.ts', '@actions/github', /the GitHub client is github\/'s/],
    ['cli/probe.ts', '@actions/core', /the CLI holds no @actions/],
    ['cli.ts', '@actions/cache', /the CLI holds no @actions/],
    ['cli/probe.ts', '../action/inputs.js', /one shell never imports the other/],
    ['action/probe.ts', '../cli/build.js', /one shell never imports the other/]
  ])('%s may not import %s', async (file, from, message) => {
    expect(await crossings(file, named(from))).toEqual([expect.stringMatching(message)])
  })

  it.each([
    ['report/probe.ts', 'node:crypto'],
    ['dockerfile/fixes/probe.ts', '../model.js'],
    ['dockerfile/probe.ts', '../errors.js'],
    ['process/probe.ts', 'node:child_process'],
    ['baseline/probe.ts', '@actions/cache'],
    ['github/probe.ts', '@actions/github'],
    ['action/probe.ts', '@actions/core'],
    ['cli/probe.ts', '../sources/dockerfile.js']
  ])('%s may import %s', async (file, from) => {
    expect(await crossings(file, named(from))).toEqual([])
  })

  it('lets a pure folder import the types of any other', async () => {
    const typeOnly = `import type { MeasureOptions as imported } from '../image/measure.js'`
    expect(await crossings('report/probe.ts', typeOnly)).toEqual([])
  })
})

/** A cycle of imports among the files of `graph`, as a path that ends where it began; none: []. */
function cycleIn(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>()
  const trail: string[] = []
  const visit = (file: string): string[] => {
    if (state.get(file) === 'done') return []
    if (state.get(file) === 'open') return [...trail.slice(trail.indexOf(file)), file]
    state.set(file, 'open')
    trail.push(file)
    for (const next of graph.get(file) ?? []) {
      const found = visit(next)
      if (found.length > 0) return found
    }
    trail.pop()
    state.set(file, 'done')
    return []
  }
  for (const file of graph.keys()) {
    const found = visit(file)
    if (found.length > 0) return found.map(name => path.relative(repoRoot, name))
  }
  return []
}

describe('what each entry point reaches', () => {
  it('has no import cycle among the source files', () => {
    const graph = new Map<string, string[]>()
    for (const entry of ['index.ts', 'cli.ts'])
      for (const [file, imports] of importClosure(entry)) graph.set(file, imports.files)
    expect(cycleIn(graph)).toEqual([])
  })

  it('the CLI reaches no @actions/* package, through any import', () => {
    const packages = [...importClosure('cli.ts').entries()].flatMap(([file, imports]) =>
      imports.packages
        .filter(name => name.startsWith('@actions/'))
        .map(name => `${path.relative(repoRoot, file)}: ${name}`)
    )
    expect(packages).toEqual([])
  })

  it('loads the cache and GitHub clients only in their folders, a dynamic import too', () => {
    // The linter's rule sees `import … from`, not `import('…')`: this sees both.
    const loading = (name: string) =>
      sourceFiles().filter(file =>
        importsOf(path.join(repoRoot, file), 'values').packages.includes(name)
      )
    expect(loading('@actions/cache').every(file => file.startsWith('src/baseline/'))).toBe(true)
    expect(loading('@actions/cache')).not.toEqual([])
    expect(loading('@actions/github').every(file => file.startsWith('src/github/'))).toBe(true)
    expect(loading('@actions/github')).not.toEqual([])
    // The measuring thread's bundle holds only what measuring runs.
    const worker = [...importClosure('measure-worker.ts').values()].flatMap(i => i.packages)
    expect(worker.filter(name => name.startsWith('@actions/'))).toEqual([])
  })

  it('the action reaches the CLI shell through no import', () => {
    const files = [...importClosure('index.ts').keys()].map(file => path.relative(repoRoot, file))
    expect(files.filter(file => file.startsWith('src/cli'))).toEqual([])
    expect(files).toContain('src/main.ts')
  })
})

const filesCalling = (call: RegExp): string[] =>
  sourceFiles().filter(file => call.test(readFileSync(path.join(repoRoot, file), 'utf8')))

describe('what docs/architecture.md says of the code', () => {
  const doc = readFileSync(path.join(repoRoot, 'docs', 'architecture.md'), 'utf8')

  it('names every folder of src/ in its table, and no other', () => {
    const folders = readdirSync(path.join(repoRoot, 'src'), { withFileTypes: true })
      .filter(entry => entry.isDirectory())
      .map(entry => `${entry.name}/`)
    const rows = [...doc.matchAll(/^\| `([a-z-]+\/)` /gm)].map(match => match[1])
    expect(rows.sort()).toEqual(folders.sort())
  })

  it('fails the step in one place, and sets outputs in two', () => {
    expect(filesCalling(/\bsetFailed\(/)).toEqual(['src/main.ts'])
    expect(filesCalling(/\bsetOutput\(/).sort()).toEqual([
      'src/action/publish.ts',
      'src/action/report-files.ts'
    ])
  })

  it('names only files that exist', () => {
    const named = [...doc.matchAll(/`((?:src|__tests__|docs)\/[\w./-]+\.(?:ts|md))`/g)]
    const missing = named
      .map(match => match[1])
      .filter(file => !existsSync(path.join(repoRoot, file)))
    expect(missing).toEqual([])
  })
})
