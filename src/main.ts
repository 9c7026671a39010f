import * as core from '@actions/core'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Builder } from './build/argv.js'
import { detectBuilder } from './build/detect.js'
import { type BuildPlan, planBuilds } from './build/plan.js'
import { type BuildResult, runBuild } from './build/run.js'
import { type Config, readConfig } from './config.js'
import { findHints, type Hint } from './dockerfile/hints.js'
import { checkBuildArgs, redactBuildArgs, secretValues } from './dockerfile/buildargs.js'
import { type DockerfileModel, parseDockerfile, platformArgs } from './dockerfile/model.js'
import { type ResolvedTarget, resolveTargets } from './dockerfile/resolve.js'
import { UserError } from './errors.js'
import { writeJobSummary } from './github/summary.js'
import { type ImageMeasurement, measureImage } from './image/measure.js'
import { readRegistrySizes, withRegistrySizes } from './image/registry.js'
import { Outputs } from './inputs.js'
import { buildReport, type ReportContext } from './report/build-report.js'
import { renderSummary } from './report/summary.js'
import type { ImageReport } from './report/types.js'

interface TargetOutcome {
  report: ImageReport
  reportPath: string
  build: BuildResult
}

function hostPlatform(): string {
  const arch = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' }[
    process.arch as string
  ]
  return `linux/${arch ?? process.arch}`
}

async function loadDockerfile(config: Config): Promise<DockerfileModel> {
  const content = await readFile(config.file, 'utf8')
  const host = hostPlatform()
  return parseDockerfile(content, {
    buildArgs: new Map(config.buildArgs.map(arg => [arg.name, arg.value])),
    predefined: platformArgs(host, config.platform ?? host)
  })
}

/** Resolves targets and build args, warning about what docker would silently accept. */
async function resolve(config: Config, label: string): Promise<ResolvedTarget[]> {
  const model = await loadDockerfile(config)
  const resolution = resolveTargets(model, config.targets, label)
  const args = checkBuildArgs(model, config.buildArgs, label)
  for (const secret of secretValues(config.buildArgs)) core.setSecret(secret)
  for (const warning of [...resolution.warnings, ...args.warnings]) core.warning(warning)
  return resolution.targets
}

/** Hints from the target's stages and what the measurement found in the image. */
function hintsFor(plan: BuildPlan, target: ResolvedTarget, measured: ImageMeasurement): Hint[] {
  const dockerignores = [path.join(plan.context, '.dockerignore'), `${plan.file}.dockerignore`]
  return findHints({
    chain: target.chain,
    caches: measured.caches.map(cache => ({ ...cache, line: measured.layers[cache.layer].line })),
    wastedBytes: measured.wastedBytes,
    hasDockerignore: dockerignores.some(file => existsSync(file))
  })
}

/** A pushed image's real compressed sizes; the estimate stays when the registry cannot tell. */
async function pushedSizes(
  plan: BuildPlan,
  digest: string,
  estimate: ImageMeasurement
): Promise<ImageMeasurement> {
  try {
    return withRegistrySizes(
      estimate,
      await readRegistrySizes(plan.tags[0], digest, estimate.platform)
    )
  } catch (error) {
    core.warning(
      `Could not read the pushed manifest of ${plan.tags[0]}, so compressed sizes are estimated: ${(error as Error).message}`
    )
    return estimate
  }
}

async function buildAndMeasure(
  plan: BuildPlan,
  target: ResolvedTarget,
  builder: Builder,
  context: ReportContext,
  reportDir: string
): Promise<TargetOutcome> {
  const build = await runBuild(plan, builder)
  const estimate = await core.group(`Measure ${plan.target}`, () =>
    measureImage(build.imageId, target.chain)
  )
  const measured = build.digest ? await pushedSizes(plan, build.digest, estimate) : estimate
  const report = buildReport(context, build, measured, hintsFor(plan, target, measured))
  const reportPath = path.join(reportDir, `${target.name}.json`)
  await writeFile(reportPath, `${JSON.stringify(report, null, 2)}\n`)
  core.info(
    `${target.name}: ${measured.compressedBytes} bytes compressed, ${measured.uncompressedBytes} uncompressed; report ${reportPath}`
  )
  return { report, reportPath, build }
}

function setOutputs(outcomes: TargetOutcome[]): void {
  const [first] = outcomes
  core.setOutput(Outputs.imageId, first.build.imageId)
  core.setOutput(Outputs.digest, first.build.digest ?? '')
  core.setOutput(Outputs.size, first.report.uncompressedBytes)
  core.setOutput(Outputs.compressedSize, first.report.compressedBytes)
  core.setOutput(Outputs.report, outcomes.map(outcome => outcome.reportPath).join('\n'))
  const metadata = Object.fromEntries(
    outcomes.map(({ report, reportPath, build }) => [
      report.target,
      {
        'image-id': build.imageId,
        digest: build.digest ?? null,
        size: report.uncompressedBytes,
        'compressed-size': report.compressedBytes,
        report: reportPath,
        buildx: build.metadata ?? null
      }
    ])
  )
  core.setOutput(Outputs.metadata, JSON.stringify(metadata))
}

/** The whole run: each stage in order. */
export async function run(): Promise<void> {
  try {
    const config = readConfig()
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    const label = path.relative(workspace, config.file) || config.file
    const targets = await resolve(config, label)
    const { builder, notices } = await detectBuilder(config, process.env)
    for (const notice of notices) core.notice(notice)
    const workDir = path.join(process.env.RUNNER_TEMP || os.tmpdir(), 'sizegate')
    await mkdir(workDir, { recursive: true })
    const plans = planBuilds(config, targets, workspace, workDir)
    const context: ReportContext = {
      commit: process.env.GITHUB_SHA || null,
      ref: process.env.GITHUB_REF || null,
      dockerfile: label,
      buildArgs: redactBuildArgs(config.buildArgs),
      secrets: secretValues(config.buildArgs),
      now: new Date()
    }
    const outcomes: TargetOutcome[] = []
    for (const [index, plan] of plans.entries()) {
      outcomes.push(await buildAndMeasure(plan, targets[index], builder, context, workDir))
    }
    setOutputs(outcomes)
    await writeJobSummary(renderSummary(outcomes.map(outcome => outcome.report)))
  } catch (error) {
    // The one place the step fails: a message for the user, the stack only in debug.
    const err = error instanceof Error ? error : new Error(String(error))
    if (!(err instanceof UserError) && err.stack) core.debug(err.stack)
    core.setFailed(err.message)
  }
}
