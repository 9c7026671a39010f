import * as core from '@actions/core'
import { actionLog } from './action/log.js'
import { log, useLog } from './log.js'
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import { baseCommitOf } from './baseline/base-commit.js'
import {
  type Baselines,
  cachedBaselines,
  findBaselines,
  noBaselines,
  recordBaselines
} from './baseline/index.js'
import { imageBaselines } from './baseline/image.js'
import { parseReportFile } from './report/parse.js'
import { type BaseBuildResult, buildBaseline } from './baseline/base-build.js'
import { repositoryRoot } from './baseline/git.js'
import { bakeBuildConfig, bakeTargetNames, printBake } from './buildx/bake.js'
import type { Builder } from './buildx/choose.js'
import { detectBuilder } from './buildx/detect.js'
import { fileSlug } from './buildx/plan.js'
import {
  type BakeConfig,
  type BaselineMode,
  type BuildConfig,
  checkBaselineCount,
  type Config,
  type ImageConfig,
  parseConfig,
  type PublishConfig
} from './config.js'
import { UserError } from './errors.js'
import { annotateHints } from './github/annotations.js'
import { API_RETRY_DELAYS_MS, createOctokit } from './github/api.js'
import { type PullRequestInfo, type RunContext, readRunContext } from './github/context.js'
import { verifyPullRequest } from './github/trust.js'
import { Outputs } from './inputs.js'
import type { ResolvedTarget } from './dockerfile/resolve.js'
import { buildTargets, dockerfileLabel, type MeasuredTarget, resolveBuild } from './pipeline.js'
import { dockerfileTarget, measureImages } from './prebuilt.js'
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

/** One folder per step: two sizegate steps in one job keep their reports apart. */
function workDirOf(): string {
  const step = (process.env.GITHUB_ACTION || 'sizegate').replace(/[^A-Za-z0-9_.-]/g, '_')
  return path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'sizegate', step)
}

/** What this run measured, and where a pull request's base numbers may come from. */
interface HeadImages {
  measured: MeasuredTarget[]
  baseline: BaselineMode
  /** Input baseline-image: registry images standing for the base, one per head image. */
  baselineImages: string[]
  /** The checkout the Dockerfile is in: the workspace, or a folder of it (checkout `path:`). */
  repository: string
  buildBase: (pullRequest: PullRequestInfo) => Promise<BaseBuildResult>
}

/**
 * mode: build — build and measure each Dockerfile build (one, or each target of a
 * bake file), then compare and publish.
 */
async function runBuilds(
  configs: BuildConfig[],
  baselineImages: string[],
  publishConfig: PublishConfig,
  context: RunContext
): Promise<Verdict[]> {
  const workspace = workspaceOf()
  const builds: { config: BuildConfig; targets: ResolvedTarget[] }[] = []
  for (const config of configs)
    builds.push({ config, targets: await resolveBuild(config, dockerfileLabel(config, workspace)) })
  const { builder, notices, warnings } = await detectBuilder(
    configs[0],
    builds.flatMap(({ targets }) => targets.map(target => target.upToTarget)),
    process.env
  )
  for (const notice of notices) log.notice(notice)
  for (const warning of warnings) log.warning(warning)
  const measured: MeasuredTarget[] = []
  for (const { config, targets } of builds) {
    const run = { config, targets, builder, workspace, workDir: workDirOf() }
    measured.push(
      ...(await buildTargets({
        ...run,
        commit: context.sha || null,
        ref: context.ref || null,
        exportCache: true
      }))
    )
  }
  const repository = (await repositoryRoot(path.dirname(configs[0].file))) ?? workspace
  return compareAndPublish(
    {
      measured,
      baseline: configs[0].baseline,
      baselineImages,
      repository,
      buildBase: pullRequest => buildBases(configs, { builder, repository, workspace, pullRequest })
    },
    publishConfig,
    context
  )
}

/** The base commit built as each head build was; one report list for all. */
async function buildBases(
  configs: BuildConfig[],
  base: { builder: Builder; repository: string; workspace: string; pullRequest: PullRequestInfo }
): Promise<BaseBuildResult> {
  const result: BaseBuildResult = { reports: [], untracked: [] }
  for (const config of configs) {
    const built = await buildBaseline({
      config,
      builder: base.builder,
      repository: base.repository,
      workspace: base.workspace,
      baseRef: base.pullRequest.baseRef,
      baseSha: base.pullRequest.baseSha
    })
    result.reports.push(...built.reports)
    result.untracked = [...new Set([...result.untracked, ...built.untracked])]
  }
  return result
}

/** `bake`: the targets buildx resolves from the bake files, each built as a Dockerfile build. */
async function runBakeMode(
  config: BakeConfig,
  publishConfig: PublishConfig,
  context: RunContext
): Promise<Verdict[]> {
  const workspace = workspaceOf()
  const definition = await printBake(config.files, config.targets, workspace)
  const names = bakeTargetNames(definition, config.targets)
  const { baselineImages } = config.shared
  checkBaselineCount(baselineImages, names.length, `bake targets ${names.join(', ')}`)
  const configs = names.map(name =>
    bakeBuildConfig(name, definition.target?.[name] ?? {}, config.shared, workspace)
  )
  return runBuilds(configs, baselineImages, publishConfig, context)
}

/** `image`: measure images another step built, then compare and publish. */
async function runImageMode(
  config: ImageConfig,
  publishConfig: PublishConfig,
  context: RunContext
): Promise<Verdict[]> {
  const workspace = workspaceOf()
  const dockerfileLabel = config.file ? path.relative(workspace, config.file) : ''
  const dockerfile = config.file
    ? { file: config.file, target: await dockerfileTarget(config.file, dockerfileLabel) }
    : undefined
  const measured = await measureImages(config, dockerfile, {
    commit: context.sha || null,
    ref: context.ref || null,
    dockerfileLabel
  })
  const repository = config.file ? await repositoryRoot(path.dirname(config.file)) : undefined
  return compareAndPublish(
    {
      measured,
      // Nothing was built here, so no base can be built either: the cache, or baseline-image.
      baseline: config.baseline === 'none' ? 'none' : 'cache',
      baselineImages: config.baselineImages,
      repository: repository ?? workspace,
      buildBase: () => Promise.reject(new Error('images measured as given have no base build'))
    },
    publishConfig,
    context
  )
}

/** The base numbers of a pull request: images named by baseline-image, else the cache or a base build. */
async function baselinesFor(head: HeadImages, pullRequest: PullRequestInfo): Promise<Baselines> {
  if (head.baseline === 'none') return noBaselines()
  if (head.baselineImages.length > 0)
    return imageBaselines(head.measured, head.baselineImages, new Date())
  return findBaselines({
    mode: head.baseline,
    heads: head.measured.map(target => target.report),
    pullRequest,
    workspace: workspaceOf(),
    buildBase: () => head.buildBase(pullRequest)
  })
}

/** Compares with the base on a pull request, records on a push, writes the reports and publishes. */
async function compareAndPublish(
  head: HeadImages,
  publishConfig: PublishConfig,
  context: RunContext
): Promise<Verdict[]> {
  const workspace = workspaceOf()
  const measured = head.measured.map(target => target.report)
  measured.forEach(annotateHints)
  const pullRequest = context.pullRequest && {
    ...context.pullRequest,
    baseSha: await baseCommitOf(head.repository, context.sha, context.pullRequest.baseSha)
  }
  const baselines = pullRequest ? await baselinesFor(head, pullRequest) : noBaselines()
  const heads =
    context.eventName === 'push' && context.branch && head.baseline !== 'none'
      ? await recordBaselines(measured, context.branch, context.sha, workspace)
      : measured
  const files: ReportFile[] = heads.map((report, index) => ({
    ...report,
    job: context.job,
    pullRequest,
    baseline: baselines.byIdentity.get(identityKey(report)) ?? null,
    // The images no longer built travel once, with the first report.
    removed: index === 0 ? baselines.removed : [],
    newInPullRequest: baselines.newImages.has(identityKey(report))
  }))
  const workDir = workDirOf()
  await mkdir(workDir, { recursive: true })
  const reportPaths = await Promise.all(
    files.map(async file => {
      // The target may be an image reference: its file name is made of safe characters only.
      const reportPath = path.join(workDir, `${fileSlug(file.target)}.json`)
      await writeFile(reportPath, `${JSON.stringify(file, null, 2)}\n`)
      return reportPath
    })
  )
  setBuildOutputs(head.measured, reportPaths)
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
    log.warning(verification.refused)
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
    const parsed = parseReportFile(await readFile(file, 'utf8'))
    if (parsed.ok) files.push(parsed.value)
    else log.warning(`${file} ${parsed.problem}; it is treated as missing.`)
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

/** What the inputs ask for: a build, a bake file's builds, images built elsewhere, or reports to post. */
function runMode(config: Config, context: RunContext): Promise<Verdict[]> {
  switch (config.mode) {
    case 'build':
      return runBuilds([config.build], config.build.baselineImages, config.publish, context)
    case 'bake':
      return runBakeMode(config.bake, config.publish, context)
    case 'image':
      return runImageMode(config.image, config.publish, context)
    case 'comment':
      return runCommentMode(config.reports, config.baseline, config.publish, context)
  }
}

/** The action's inputs, from the runner's environment. */
function readConfig(): Config {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  // Untrimmed: a build arg's value may end in spaces; each parser trims what it must.
  return parseConfig(name => core.getInput(name, { trimWhitespace: false }), process.env, workspace)
}

/** The whole run: each stage in order; the one place the step fails. */
export async function run(): Promise<void> {
  useLog(actionLog)
  try {
    const verdicts = await runMode(readConfig(), readRunContext())
    const crossed = verdicts.filter(verdict => verdict.exceeded)
    if (crossed.length > 0) {
      throw new UserError(
        `Size limit crossed: ${crossed.map(verdict => verdict.sentence).join(' ')}`
      )
    }
  } catch (error) {
    // A message for the user; the stack only in the debug log.
    const err = error instanceof Error ? error : new Error(String(error))
    if (!(err instanceof UserError) && err.stack) log.debug(err.stack)
    core.setFailed(err.message)
  }
}
