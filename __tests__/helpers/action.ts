import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import * as path from 'node:path'
import { parseOutputs } from '../../scripts/github-output.js'
import { run } from '../../src/main.js'
import type { ImageReport } from '../../src/report/types.js'
import { captureStdout, withEnv } from './process.js'

const SUMMARY_FILE = path.join(tmpdir(), `sizegate-test-summary-${process.pid}.md`)

export interface ActionRun {
  exitCode: number
  /** Everything the action wrote to stdout: log lines, workflow commands, build output. */
  log: string
  outputs: Record<string, string>
  summary: string
  reports: ImageReport[]
}

/**
 * Runs the action's entry in this process as the runner would: inputs and file
 * commands through the environment, stdout captured.
 */
export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<ActionRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sizegate-run-'))
  // @actions/core keeps the first summary path it sees for the whole process.
  const files = { GITHUB_OUTPUT: path.join(dir, 'outputs'), GITHUB_STEP_SUMMARY: SUMMARY_FILE }
  for (const file of Object.values(files)) writeFileSync(file, '')
  const vars: Record<string, string> = { ...files, RUNNER_TEMP: dir, ...env }
  for (const [name, value] of Object.entries(inputs)) vars[`INPUT_${name.toUpperCase()}`] = value
  const log = await withEnv(vars, () => captureStdout(run))
  const exitCode = process.exitCode === undefined ? 0 : Number(process.exitCode)
  process.exitCode = undefined
  const outputs = parseOutputs(readFileSync(files.GITHUB_OUTPUT, 'utf8'))
  const reports = (outputs.report ?? '')
    .split('\n')
    .filter(Boolean)
    .map(file => JSON.parse(readFileSync(file, 'utf8')) as ImageReport)
  const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
  rmSync(dir, { recursive: true, force: true })
  return { exitCode, log, outputs, summary, reports }
}

export interface RunnerEvent {
  event: 'push' | 'pull_request'
  /** GITHUB_SHA: the pushed commit, or the PR's checkout (a merge commit on GitHub). */
  sha: string
  workspace: string
  /** The PR's base commit as the event names it, and its head. */
  baseSha?: string
  headSha?: string
  number?: number
}

/** The runner's environment of a push to main, or of a pull request into main. */
export function runnerEnv(run: RunnerEvent): Record<string, string> {
  const number = run.number ?? 1
  const eventFile = path.join(mkdtempSync(path.join(tmpdir(), 'sizegate-event-')), 'event.json')
  const pullRequest = {
    number,
    base: { ref: 'main', sha: run.baseSha ?? '' },
    head: { sha: run.headSha ?? run.sha }
  }
  const push = run.event === 'push'
  writeFileSync(eventFile, JSON.stringify(push ? {} : { pull_request: pullRequest }))
  return {
    GITHUB_WORKSPACE: run.workspace,
    GITHUB_EVENT_NAME: run.event,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_SHA: run.sha,
    GITHUB_REF: push ? 'refs/heads/main' : `refs/pull/${number}/merge`,
    GITHUB_WORKFLOW: 'image',
    GITHUB_JOB: 'build'
  }
}
