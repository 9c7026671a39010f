import * as core from '@actions/core'
import * as os from 'node:os'
import * as path from 'node:path'
import { readRequest } from './action/inputs.js'
import { actionLog } from './action/log.js'
import { publish } from './action/publish.js'
import { setBuildOutputs, writeReportFiles } from './action/report-files.js'
import { type Heads, withBaselines } from './baseline/heads.js'
import { UserError } from './errors.js'
import { annotateBuildChecks, annotateHints } from './action/annotations.js'
import { type RunContext, readRunContext } from './github/context.js'
import { useLog } from './log.js'
import type { Verdict } from './report/gate.js'
import type { Request } from './request.js'
import { bakeConfigs, bakeHeads } from './sources/bake.js'
import { dockerfileAnswers, dockerfileHeads } from './sources/dockerfile.js'
import { callFailure } from './measure/call.js'
import { imageHeads } from './sources/images.js'
import { postedReports } from './sources/reports.js'
import type { RunPlace } from './measure/build.js'

/** One folder per step: two sizegate steps in one job keep their reports apart. */
function workDirOf(): string {
  const step = (process.env.GITHUB_ACTION || 'sizegate').replace(/[^A-Za-z0-9_.-]/g, '_')
  return path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'sizegate', step)
}

/** The images this run measures: built from a Dockerfile or a bake file, or built elsewhere. */
function headsOf(request: Exclude<Request, { source: 'reports' }>, run: RunPlace): Promise<Heads> {
  switch (request.source) {
    case 'dockerfile':
      return dockerfileHeads([request.build], request.build.baselineImages, run)
    case 'bake':
      return bakeHeads(request.bake, run)
    case 'images':
      return imageHeads(request.image, run)
  }
}

/** The build method asked instead of a build (`call`: check, outline, targets), if any. */
function callOf(request: Exclude<Request, { source: 'reports' }>): string | undefined {
  if (request.source === 'dockerfile') return request.build.options.call
  return request.source === 'bake' ? request.bake.shared.options.call : undefined
}

/**
 * A call instead of a build: buildx answers it for each target, its checks become
 * annotations, and nothing is measured, compared or posted.
 */
async function answerCall(
  request: Extract<Request, { source: 'dockerfile' | 'bake' }>,
  run: RunPlace
): Promise<Verdict[]> {
  const configs = request.source === 'bake' ? await bakeConfigs(request.bake, run) : [request.build]
  const answers = await dockerfileAnswers(configs, run)
  for (const answer of answers) annotateBuildChecks(answer.checks, answer.dockerfile, process.env)
  const failed = answers.find(answer => answer.exitCode !== 0)
  if (failed) throw new UserError(callFailure(failed))
  return []
}

/** Sources → baselines → evaluation and publication; answers the gate's verdicts. */
async function runRequest(request: Request, context: RunContext, workspace: string) {
  const now = new Date()
  if (request.source === 'reports') {
    const token = request.publish.token
    const posted = await postedReports({ ...request, token }, context, workspace)
    // Reports only go on a pull request the API has confirmed.
    const comment = posted.pullRequest ? request.publish.comment : 'never'
    const config = { ...request.publish, comment }
    const statusSha = posted.pullRequest?.headSha ?? null
    return publish({
      ...posted,
      config,
      context,
      withBuildSummary: false,
      suggestFixes: false,
      statusSha,
      now
    })
  }
  const workDir = workDirOf()
  const run = { workspace, workDir, commit: context.sha || null, ref: context.ref || null }
  if (request.source !== 'images' && callOf(request)) return answerCall(request, run)
  const heads = await headsOf(request, run)
  for (const { report } of heads.measured) {
    annotateHints(report)
    annotateBuildChecks(report.buildChecks, report.dockerfile, process.env)
  }
  const growthDays = request.publish.gate.maxGrowth?.days
  const { files, pullRequest } = await withBaselines(heads, context, workspace, growthDays)
  setBuildOutputs(heads.measured, await writeReportFiles(files, workDir))
  const config = request.publish
  return publish({
    files,
    config,
    context,
    pullRequest,
    withBuildSummary: true,
    suggestFixes: true,
    statusSha: null,
    now
  })
}

/** Fails the step when an image crossed a limit. */
function gate(verdicts: Verdict[]): void {
  const crossed = verdicts.filter(verdict => verdict.exceeded)
  if (crossed.length > 0)
    throw new UserError(`Size limit crossed: ${crossed.map(verdict => verdict.sentence).join(' ')}`)
}

/** The action: inputs to a request, the flow, and the one place the step fails. */
export async function run(): Promise<void> {
  useLog(actionLog)
  try {
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    gate(await runRequest(readRequest(workspace), readRunContext(), workspace))
  } catch (error) {
    // A message for the user; the stack only in the debug log.
    const err = error instanceof Error ? error : new Error(String(error))
    if (!(err instanceof UserError) && err.stack) core.debug(err.stack)
    core.setFailed(err.message)
  }
}
