import { log } from '../log.js'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import type { Builder } from '../buildx/choose.js'
import type { BuildConfig } from '../request.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import { buildAside, dockerfileLabel, resolveBuild } from '../measure/build.js'
import type { ImageReport } from '../report/types.js'
import { checkOutBase, removeBase } from './base-tree.js'
import { untrackedInputs } from './untracked.js'

export interface BaseBuild {
  config: BuildConfig
  builder: Builder
  /** The git checkout the head was built from (the workspace, or a folder in it). */
  repository: string
  workspace: string
  baseRef: string
  baseSha: string
}

export interface BaseBuildResult {
  reports: ImageReport[]
  /** What the head's context had and git does not track, so the base build lacks it. */
  untracked: string[]
}

/** Each target the base Dockerfile has; one it lacks is new in this PR. */
async function baseTargets(config: BuildConfig, label: string): Promise<ResolvedTarget[]> {
  if (config.targets.length === 0) return resolveBuild(config, label, true)
  const found: ResolvedTarget[] = []
  for (const target of config.targets) {
    try {
      found.push(...(await resolveBuild({ ...config, targets: [target] }, label, true)))
    } catch {
      log.info(`The base has no target ${target}: it is new in this pull request.`)
    }
  }
  return found
}

/**
 * Builds the base commit from a checkout of its own, laid out as the head's, with
 * the same builder, and measures it. It reads the head's gha cache but writes none:
 * the head's cache index stays the head's.
 */
export async function buildBaseline(base: BaseBuild): Promise<BaseBuildResult> {
  const tree = await checkOutBase(base.repository, base.workspace, base.baseSha)
  try {
    const inTree = (file: string): string =>
      path.join(tree.checkout, path.relative(base.repository, file))
    const config: BuildConfig = {
      ...base.config,
      context: inTree(base.config.context),
      file: inTree(base.config.file),
      // Fixes are the head's: the base's image is only measured.
      verifyFixes: false
    }
    const untracked = await untrackedInputs(base.repository, base.config.context, base.config.file)
    if (!existsSync(config.file)) {
      log.info(
        `The base commit has no ${dockerfileLabel(config, tree.workspace)}: every target is new.`
      )
      return { reports: [], untracked }
    }
    const targets = await baseTargets(config, dockerfileLabel(config, tree.workspace))
    const measured = await buildAside({
      config,
      targets,
      builder: base.builder,
      workspace: tree.workspace,
      workDir: tree.workDir,
      commit: base.baseSha,
      ref: `refs/heads/${base.baseRef}`
    })
    return { reports: measured.map(target => target.report), untracked }
  } finally {
    await removeBase(tree)
  }
}
