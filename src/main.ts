import * as core from '@actions/core'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { baseCommitOf } from './baseline/base-commit.js'
import { cachedBaselines, findBaselines, noBaselines, recordBaselines } from './baseline/index.js'
import { parseReportFile } from './baseline/store.js'
import { buildBaseline } from './baseline/base-build.js'
import { repositoryRoot } from './baseline/git.js'
import { detectBuilder } from './build/detect.js'
import { type BaselineMode, type BuildConfig, type PublishConfig, readConfig } from './config.js'
import { UserError } from './errors.js'
import { annotateHints } from './github/annotations.js'
import { API_RETRY_DELAYS_MS, createOctokit } from './github/api.js'
import { type PullRequestInfo, type RunContext, readRunContext } from './github/context.js'
import { verifyPullRequest } from './github/trust.js'
import { Outputs } from './inputs.js'
import { buildTargets, dockerfileLabel, type MeasuredTarget, resolveBuild } from './pipeline.js'
import { publish } from './publish.js'
import type { Verdict } from './report/gate.js'
import { identityKey } from './report/identity.js'
import type { ReportFile } from './report/types.js'

function workspaceOf(): string {
  return process.env.GITHUB_WORKSPACE || process.cwd()
}

function setBuildOutputs(measured: MeasuredTarget[], reportPaths: string[]): void {
  const [first] = measured
  core.setOutput(Outputs.imageId, first.build.imageId)
  core.setOutput(Outputs.digest, first.build.digest ?? '')
  core.setOutput(Outputs.size, first.report.uncompressedBytes)
  core.setOutput(Outputs.compressedSize, first.report.compressedBytes)
  core.setOutput(Outputs.report, reportPaths.join('\n'))
  const metadata = Object.fromEntries(
    measured.map(({ report, build }, index) => [
      report.target,
      {
        'image-id': build.imageId,
        digest: build.digest ?? null,
        size: report.uncompressedBytes,
        'compressed-size': report.compressedBytes,
        report: reportPaths[index],
        buildx: build.metadata ?? null
      }
    ])
  )
  core.setOutput(Outputs.metadata, JSON.stringify(metadata))
}

/** mode: build — build and measure, record or compare, publish. */
async function runBuildMode(
  config: BuildConfig,
  publishConfig: PublishConfig,
  context: RunContext
): Promise<Verdict[]> {
  const workspace = workspaceOf()
  const targets = await resolveBuild(config, dockerfileLabel(config, workspace))
  const { builder, notices, warnings } = await detectBuilder(
    config,
    targets.map(target => target.upToTarget),
    process.env
  )
  for (const notice of notices) core.notice(notice)
  for (const warning of warnings) core.warning(warning)
  // One folder per step: two sizegate steps in one job keep their reports apart.
  const step = (process.env.GITHUB_ACTION || 'sizegate').replace(/[^A-Za-z0-9_.-]/g, '_')
  const workDir = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'sizegate', step)
  const measured = await buildTargets({
    config,
    targets,
    builder,
    workspace,
    workDir,
    commit: context.sha || null,
    ref: context.ref || null,
    exportCache: true
  })
  const heads = measured.map(target => target.report)
  heads.forEach(annotateHints)
  // The checkout the Dockerfile is in: the workspace, or a folder of it (checkout `path:`).
  const repository = (await repositoryRoot(path.dirname(config.file))) ?? workspace
  const pullRequest = context.pullRequest && {
    ...context.pullRequest,
    baseSha: await baseCommitOf(repository, context.sha, context.pullRequest.baseSha)
  }
  const baselines =
    pullRequest && config.baseline !== 'none'
      ? await findBaselines({
          mode: config.baseline,
          heads,
          pullRequest,
          workspace,
          buildBase: () =>
            buildBaseline({
              config,
              builder,
              repository,
              workspace,
              baseRef: pullRequest.baseRef,
              baseSha: pullRequest.baseSha
            })
        })
      : noBaselines()
  if (context.eventName === 'push' && context.branch && config.baseline !== 'none') {
    await recordBaselines(heads, context.branch, context.sha, workspace)
  }
  const files: ReportFile[] = heads.map((report, index) => ({
    ...report,
    job: context.job,
    pullRequest,
    baseline: baselines.byIdentity.get(identityKey(report)) ?? null,
    // The images no longer built travel once, with the first report.
    removed: index === 0 ? baselines.removed : [],
    newInPullRequest: baselines.newImages.has(identityKey(report))
  }))
  const reportPaths = await Promise.all(
    files.map(async file => {
      const reportPath = path.join(workDir, `${file.target}.json`)
      await writeFile(reportPath, `${JSON.stringify(file, null, 2)}\n`)
      return reportPath
    })
  )
  setBuildOutputs(measured, reportPaths)
  return publish({
    files,
    config: publishConfig,
    context,
    pullRequest,
    withBuildSummary: true,
    statusSha: null,
    now: new Date()
  })
}

/** The report files named by `report`: files as given, folders for their *.json. */
async function reportFiles(paths: string[]): Promise<string[]> {
  const files: string[] = []
  for (const entry of paths) {
    if ((await stat(entry)).isDirectory()) {
      const names = (await readdir(entry)).filter(name => name.endsWith('.json')).sort()
      files.push(...names.map(name => path.join(entry, name)))
    } else files.push(entry)
  }
  return files
}

/**
 * The pull request the reports may be posted on, checked through the API; null
 * (with a warning) when they name none, there is no token, or the check fails.
 */
async function trustedPullRequest(
  files: ReportFile[],
  token: string,
  context: RunContext
): Promise<PullRequestInfo | null> {
  const claimed = files[0].pullRequest
  if (!claimed || !token) return null
  const verification = await verifyPullRequest(
    createOctokit(token),
    context,
    claimed,
    API_RETRY_DELAYS_MS
  ).catch(error => ({
    refused: `Could not look up pull request #${claimed.number}: ${(error as Error).message}`
  }))
  if ('refused' in verification) {
    core.warning(verification.refused)
    return null
  }
  return verification.pullRequest
}

/**
 * The base numbers from the trusted side: the base branch's reports in the cache.
 * A report's own baseline stays only where the cache has none, marked as unchecked.
 */
async function withTrustedBaselines(
  files: ReportFile[],
  pullRequest: PullRequestInfo
): Promise<ReportFile[]> {
  const cached = await cachedBaselines(files, pullRequest, workspaceOf())
  const fromCache = cached.byIdentity.size > 0
  return files.map((file, index) => {
    const trusted = cached.byIdentity.get(identityKey(file))
    const unchecked = file.baseline && { ...file.baseline, source: 'artifact' as const }
    const removed = fromCache ? (index === 0 ? cached.removed : []) : file.removed
    return { ...file, baseline: trusted ?? unchecked ?? null, removed }
  })
}

/** mode: comment — post reports made by another workflow, and apply the gate. */
async function runCommentMode(
  reportPaths: string[],
  baseline: BaselineMode,
  publishConfig: PublishConfig,
  context: RunContext
): Promise<Verdict[]> {
  let files: ReportFile[] = []
  for (const file of await reportFiles(reportPaths)) {
    const report = parseReportFile(await readFile(file, 'utf8'), file)
    if (report) files.push(report)
  }
  if (files.length === 0)
    throw new UserError(`report: no valid sizegate report in ${reportPaths.join(', ')}`)
  const pullRequest = await trustedPullRequest(files, publishConfig.token, context)
  if (pullRequest && baseline !== 'none') files = await withTrustedBaselines(files, pullRequest)
  return publish({
    files,
    config: { ...publishConfig, comment: pullRequest ? publishConfig.comment : 'never' },
    context,
    pullRequest,
    withBuildSummary: false,
    statusSha: pullRequest?.headSha ?? null,
    now: new Date()
  })
}

/** The whole run: each stage in order; the one place the step fails. */
export async function run(): Promise<void> {
  try {
    const config = readConfig()
    const context = readRunContext()
    const verdicts =
      config.mode === 'build'
        ? await runBuildMode(config.build, config.publish, context)
        : await runCommentMode(config.reports, config.baseline, config.publish, context)
    const crossed = verdicts.filter(verdict => verdict.exceeded)
    if (crossed.length > 0) {
      throw new UserError(
        `Size limit crossed: ${crossed.map(verdict => verdict.sentence).join(' ')}`
      )
    }
  } catch (error) {
    // A message for the user; the stack only in the debug log.
    const err = error instanceof Error ? error : new Error(String(error))
    if (!(err instanceof UserError) && err.stack) core.debug(err.stack)
    core.setFailed(err.message)
  }
}
