import { type BaseBuildResult, buildBaseline } from '../baseline/base-build.js'
import type { Builder } from '../buildx/choose.js'
import { detectBuilder } from '../buildx/detect.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import type { PullRequestInfo } from '../github/context.js'
import { log } from '../log.js'
import { buildTargets, dockerfileLabel, resolveBuild } from '../measure/build.js'
import { callTargets, type TargetAnswer } from '../measure/call.js'
import type { MeasuredTarget } from '../measure/report.js'
import { type HeadBuild, verifyFixes } from '../measure/verify-fixes.js'
import type { BuildConfig } from '../request.js'
import type { Heads } from '../baseline/heads.js'
import type { RunPlace } from '../measure/build.js'

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

/** Each target's fixes proven by builds: of its first platform's image, which each proof also builds. */
async function proveFixes(
  built: MeasuredTarget[],
  targets: ResolvedTarget[],
  head: Omit<HeadBuild, 'target'>
): Promise<void> {
  for (const target of targets) {
    const measured = built.find(item => item.dockerfile?.target.name === target.name)
    if (measured) await verifyFixes({ ...head, target }, measured)
  }
}

/** Each build's targets resolved, and the one builder that builds them all. */
async function resolvedBuilds(configs: BuildConfig[], workspace: string) {
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
  return { builds, builder }
}

/** A build method other than build (`call`) asked of every target: buildx's answers, nothing built. */
export async function dockerfileAnswers(
  configs: BuildConfig[],
  run: RunPlace
): Promise<TargetAnswer[]> {
  const { builds, builder } = await resolvedBuilds(configs, run.workspace)
  const answers: TargetAnswer[] = []
  for (const { config, targets } of builds)
    answers.push(...(await callTargets({ ...run, config, targets, builder, exportCache: false })))
  return answers
}

/**
 * Dockerfile builds (one, or each target of a bake file): resolved, built with one
 * builder, and measured.
 */
export async function dockerfileHeads(
  configs: BuildConfig[],
  baselineImages: string[],
  run: RunPlace
): Promise<Heads> {
  const { workspace } = run
  const { builds, builder } = await resolvedBuilds(configs, workspace)
  const measured: MeasuredTarget[] = []
  for (const { config, targets } of builds) {
    const built = await buildTargets({ ...run, config, targets, builder, exportCache: true })
    if (config.verifyFixes) await proveFixes(built, targets, { ...run, config, builder })
    measured.push(...built)
  }
  return {
    measured,
    baseline: configs[0].baseline,
    baselineImages,
    dockerfile: configs[0].file,
    buildBase: (pullRequest, repository) =>
      buildBases(configs, { builder, repository, workspace, pullRequest })
  }
}
