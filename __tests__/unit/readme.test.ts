import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from '../helpers/engine.js'
import { actionInputs, actionOutputs, sizegateSteps } from '../helpers/workflow.js'

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')

/** docker/build-push-action v6's inputs and outputs, from its action.yml. */
const BUILD_PUSH_INPUTS = [
  'add-hosts',
  'allow',
  'annotations',
  'attests',
  'build-args',
  'build-contexts',
  'builder',
  'cache-from',
  'cache-to',
  'call',
  'cgroup-parent',
  'context',
  'file',
  'github-token',
  'labels',
  'load',
  'network',
  'no-cache',
  'no-cache-filters',
  'outputs',
  'platforms',
  'provenance',
  'pull',
  'push',
  'sbom',
  'secret-envs',
  'secret-files',
  'secrets',
  'shm-size',
  'ssh',
  'tags',
  'target',
  'ulimit'
]
const BUILD_PUSH_OUTPUTS = ['imageid', 'digest', 'metadata']

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

  it('sets only inputs the action has, in every example it shows', () => {
    const inputs = actionInputs()
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map(match => match[1])
    const keys = blocks.flatMap(block => sizegateSteps(asWorkflow(block)).keys)
    expect(keys.length).toBeGreaterThan(5)
    expect([...new Set(keys.filter(key => !inputs.has(key)))]).toEqual([])
  })

  it("maps every input and output of build-push-action to the action's own", () => {
    const start = readme.indexOf('### Coming from docker/build-push-action')
    const table = readme.slice(start, readme.indexOf('\n### ', start + 1))
    const rows = [...table.matchAll(/^\| (.*?) \| (.*?) \| (.*?) \|$/gm)].slice(2)
    const names = (cell: string) => [...cell.matchAll(/`([a-z-]+)`/g)].map(match => match[1])
    const ours = new Set([...actionInputs(), ...actionOutputs()])
    expect(rows.flatMap(([, theirs]) => names(theirs)).sort()).toEqual(
      [...BUILD_PUSH_INPUTS, ...BUILD_PUSH_OUTPUTS].sort()
    )
    for (const [, theirs, mapped] of rows) {
      const same = mapped.startsWith('same') ? names(theirs) : []
      const named = [...same, ...names(mapped)]
      expect(named.filter(name => !ours.has(name))).toEqual([])
    }
  })

  it('lists every output action.yml has', () => {
    const start = readme.indexOf('\n### Outputs\n')
    const table = readme.slice(start, readme.indexOf('\n### ', start + 1))
    const listed = [...table.matchAll(/^\| `([a-z-]+)`/gm)].map(match => match[1])
    expect(listed.sort()).toEqual([...actionOutputs()].sort())
  })

  it('names the action one way everywhere', () => {
    const uses = [...readme.matchAll(/uses: ([\w.-]+)\/sizegate@/g)].map(match => match[1])
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
})
