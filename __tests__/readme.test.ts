import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { repoRoot } from './helpers/engine.js'
import { actionInputs, sizegateSteps } from './helpers/workflow.js'

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')

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

  it('shows the pictures near the top, and they exist', () => {
    const top = readme.slice(0, readme.indexOf('## Quick start'))
    for (const picture of ['docs/comment.png', 'docs/comment-open.png']) {
      expect(top).toContain(`(${picture})`)
      expect(existsSync(path.join(repoRoot, picture))).toBe(true)
    }
  })
})
