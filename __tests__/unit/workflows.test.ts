import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import * as path from 'node:path'
import { parse } from 'yaml'
import { repoRoot } from '../helpers/engine.js'

/**
 * The project's own workflows (scripts/validate-workflows.sh checks them against
 * GitHub's schema in `npm run lint`): what each must do.
 */
interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: Record<string, string>
  jobs: Record<string, { steps: Step[]; strategy?: { matrix: Record<string, string[]> } }>
}

const workflow = (name: string): Workflow =>
  parse(readFileSync(path.join(repoRoot, '.github', 'workflows', name), 'utf8')) as Workflow
const steps = (flow: Workflow): Step[] => Object.values(flow.jobs).flatMap(job => job.steps)
const runs = (flow: Workflow): string =>
  steps(flow)
    .map(step => step.run ?? '')
    .join('\n')

describe("the project's workflows", () => {
  it('CI checks format, lint and tests, and that dist/ is what the source builds', () => {
    const ci = workflow('ci.yml')
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push'])
    for (const command of ['npm run format-check', 'npm run lint', 'npm test', 'npm run bundle'])
      expect(runs(ci)).toContain(command)
    expect(runs(ci)).toContain('git status --porcelain -- dist')
    expect(ci.permissions).toEqual({ contents: 'read' })
  })

  it('gates the size of every example with the action itself', () => {
    const size = workflow('size.yml')
    const examples = readdirSync(path.join(repoRoot, 'examples'), { withFileTypes: true })
      .filter(entry => entry.isDirectory() && entry.name !== 'demo')
      .map(entry => entry.name)
    expect([...size.jobs.example.strategy!.matrix.example].sort()).toEqual(examples.sort())
    const own = steps(size).find(step => step.uses === './')
    expect(own?.with).toMatchObject({ 'max-increase': expect.stringMatching(/%/) })
  })

  it('moves the major tag on a release, and attaches the CLI package', () => {
    const release = workflow('release.yml')
    expect(Object.keys(release.on)).toEqual(['release'])
    expect(runs(release)).toMatch(/git push --force origin "refs\/tags\/\$major"/)
    expect(runs(release)).toContain('scripts/pack-cli.sh')
    // The tag comes in through the environment, never into the script's text.
    expect(runs(release)).not.toContain('${{')
  })

  it('keeps npm packages and actions up to date', () => {
    const dependabot = parse(
      readFileSync(path.join(repoRoot, '.github', 'dependabot.yml'), 'utf8')
    ) as { updates: { 'package-ecosystem': string }[] }
    expect(dependabot.updates.map(update => update['package-ecosystem']).sort()).toEqual([
      'github-actions',
      'npm'
    ])
  })
})
