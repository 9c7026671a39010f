import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from '../helpers/engine.js'
import { actionInputs, actionOutputs, sizegateSteps } from '../helpers/workflow.js'

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')

/** docker/build-push-action v6's inputs and outputs, from its action.yml. */
const buildPush = JSON.parse(
  readFileSync(path.join(repoRoot, 'scripts', 'build-push-action.json'), 'utf8')
) as { inputs: string[]; outputs: string[] }

const docsDir = path.join(repoRoot, 'docs')
const docPages = readdirSync(docsDir).filter(name => name.endsWith('.md'))
const page = (name: string) => readFileSync(path.join(docsDir, name), 'utf8')
const words = (text: string) => text.split(/\s+/).filter(word => word !== '').length

/** The text of a `## heading` section, up to the next one of its level. */
function section(heading: string): string {
  const start = readme.indexOf(`\n## ${heading}\n`)
  expect(start).toBeGreaterThan(-1)
  const end = readme.indexOf('\n## ', start + 1)
  return readme.slice(start, end === -1 ? undefined : end)
}

const indent = (text: string, by: number): string => text.replace(/^(?=.)/gm, ' '.repeat(by))

/** A recipe shows steps alone, or a job's body: read as a workflow's job. */
function asWorkflow(block: string): string {
  if (/^jobs:/m.test(block)) return block
  if (block.trimStart().startsWith('- ')) return `jobs:\n  j:\n    steps:\n${indent(block, 6)}`
  return `jobs:\n  j:\n${indent(block, 4)}`
}

describe('the README', () => {
  it("has a quick start whose workflow parses and sets only the action's inputs", () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section('Quick start'))?.[1] ?? ''
    const { workflow, keys } = sizegateSteps(yaml)
    expect(Object.keys(workflow.on as object).sort()).toEqual(['pull_request', 'push'])
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' })
    expect(keys.length).toBeGreaterThan(0)
    const inputs = actionInputs()
    expect(keys.filter(key => !inputs.has(key))).toEqual([])
  })

  it('sets only inputs the action has, in every example it and the docs show', () => {
    const inputs = actionInputs()
    const texts = [readme, ...docPages.map(page)]
    const blocks = texts.flatMap(text =>
      [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => match[1])
    )
    const keys = blocks.flatMap(block => sizegateSteps(asWorkflow(block)).keys)
    expect(keys.length).toBeGreaterThan(5)
    expect([...new Set(keys.filter(key => !inputs.has(key)))]).toEqual([])
  })

  it("maps every input and output of build-push-action to the action's own", () => {
    const table = page('build-push-action.md')
    const rows = [...table.matchAll(/^\| (.*?) \| (.*?) \| (.*?) \|$/gm)].slice(2)
    const names = (cell: string) => [...cell.matchAll(/`([a-z-]+)`/g)].map(match => match[1])
    const ours = new Set([...actionInputs(), ...actionOutputs()])
    expect(rows.flatMap(([, theirs]) => names(theirs)).sort()).toEqual(
      [...buildPush.inputs, ...buildPush.outputs].sort()
    )
    for (const [, theirs, mapped] of rows) {
      const same = mapped.startsWith('same') ? names(theirs) : []
      const named = [...same, ...names(mapped)]
      expect(named.filter(name => !ours.has(name))).toEqual([])
    }
  })

  it('lists every input and output action.yml has', () => {
    const inputs = section('Inputs')
    const named = [...inputs.matchAll(/`([a-z-]+)`/g)].map(match => match[1])
    expect([...actionInputs()].filter(name => !named.includes(name))).toEqual([])
    const table = section('Outputs')
    const listed = [...table.matchAll(/^\| `([a-z-]+)`/gm)].map(match => match[1])
    expect(listed.sort()).toEqual([...actionOutputs()].sort())
  })

  it('names the action one way everywhere', () => {
    const texts = [readme, ...docPages.map(page)].join('\n')
    const uses = [...texts.matchAll(/uses: ([\w.-]+)\/sizegate@/g)].map(match => match[1])
    expect(uses.length).toBeGreaterThan(3)
    expect(new Set(uses)).toEqual(new Set(['OWNER']))
  })

  it("shows the example comment's table as the pictures show it", () => {
    const shown = readFileSync(path.join(repoRoot, 'docs', 'comment.md'), 'utf8')
    const example = section('Quick start').match(/^\| production \|.*$/m)?.[0] ?? ''
    expect(example).not.toBe('')
    const cells = (row: string) => row.split('|').map(cell => cell.trim())
    const pictured = shown.match(/^\| production \|.*$/m)?.[0] ?? ''
    expect(cells(example)).toEqual(cells(pictured))
  })

  it('shows the pictures near the top, and they exist', () => {
    const top = readme.slice(0, readme.indexOf('## Quick start'))
    for (const picture of ['docs/comment.png', 'docs/comment-open.png']) {
      expect(top).toContain(`(${picture})`)
      expect(existsSync(path.join(repoRoot, picture))).toBe(true)
    }
  })

  it('is for users: under 2,000 words, linking every docs/ page, naming nothing outside the repository', () => {
    expect(words(readme)).toBeLessThan(2000)
    const linked = new Set([...readme.matchAll(/\]\(docs\/([\w.-]+\.md)/g)].map(match => match[1]))
    expect(docPages.filter(name => !linked.has(name))).toEqual([])
    for (const text of [readme, readFileSync(path.join(repoRoot, 'CONTRIBUTING.md'), 'utf8')])
      expect(text).not.toMatch(/\.\.\/(shared|\.library)\b/)
  })

  it('shows every CLI command, and docs/cli.md every option --help lists', () => {
    const cli = (...args: string[]) =>
      execFileSync('node', [path.join(repoRoot, 'dist', 'cli', 'index.js'), ...args], {
        encoding: 'utf8'
      })
    const commands = [...cli('--help').matchAll(/^ {2}(\w+) \[options\]/gm)].map(m => m[1])
    expect(commands.sort()).toEqual(['analyze', 'build', 'diff', 'fix'])
    const shown = section('The CLI')
    const doc = page('cli.md')
    for (const command of commands) {
      expect(shown).toContain(`sizegate ${command} `)
      const options = [...cli(command, '--help').matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)]
        .map(match => match[1])
        .filter(option => option !== '--help')
      expect({ command, missing: options.filter(option => !doc.includes(option)) }).toEqual({
        command,
        missing: []
      })
    }
  })
})
