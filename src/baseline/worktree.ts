import * as core from '@actions/core'
import * as exec from '@actions/exec'
import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import * as os from 'node:os'
import * as path from 'node:path'
import type { Builder } from '../build/choose.js'
import type { BuildConfig } from '../config.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import { buildTargets, dockerfileLabel, resolveBuild } from '../pipeline.js'
import type { ImageReport } from '../report/types.js'

export interface BaseBuild {
  config: BuildConfig
  builder: Builder
  workspace: string
  baseRef: string
  baseSha: string
}

async function git(workspace: string, args: string[]): Promise<{ ok: boolean; stderr: string }> {
  const result = await exec.getExecOutput('git', ['-C', workspace, ...args], {
    ignoreReturnCode: true,
    silent: true
  })
  return { ok: result.exitCode === 0, stderr: result.stderr.trim() }
}

/** The base commit in the local clone, fetched when a shallow checkout lacks it. */
async function ensureCommit(workspace: string, sha: string): Promise<void> {
  if ((await git(workspace, ['cat-file', '-e', `${sha}^{commit}`])).ok) return
  const fetched = await git(workspace, ['fetch', '--no-tags', '--depth=1', 'origin', sha])
  if (!fetched.ok) throw new Error(`could not fetch the base commit ${sha}: ${fetched.stderr}`)
}

/** Each target the base Dockerfile has; one it lacks is new in this PR. */
async function baseTargets(config: BuildConfig, label: string): Promise<ResolvedTarget[]> {
  if (config.targets.length === 0) return resolveBuild(config, label, true)
  const found: ResolvedTarget[] = []
  for (const target of config.targets) {
    try {
      found.push(...(await resolveBuild({ ...config, targets: [target] }, label, true)))
    } catch {
      core.info(`The base has no target ${target}: it is new in this pull request.`)
    }
  }
  return found
}

/**
 * Builds the base commit in a separate git worktree, with the same builder and
 * cache scopes as the head build, and measures it.
 */
export async function buildBaseline(base: BaseBuild): Promise<ImageReport[]> {
  await ensureCommit(base.workspace, base.baseSha)
  const temp = process.env.RUNNER_TEMP || os.tmpdir()
  const tree = await mkdtemp(path.join(temp, 'sizegate-base-'))
  const added = await git(base.workspace, ['worktree', 'add', '--detach', tree, base.baseSha])
  if (!added.ok) throw new Error(`could not check out the base commit: ${added.stderr}`)
  try {
    const inTree = (file: string): string => path.join(tree, path.relative(base.workspace, file))
    const config: BuildConfig = {
      ...base.config,
      context: inTree(base.config.context),
      file: inTree(base.config.file),
      tags: [],
      push: false
    }
    if (!existsSync(config.file)) {
      core.info(`The base commit has no ${dockerfileLabel(config, tree)}: every target is new.`)
      return []
    }
    const targets = await baseTargets(config, dockerfileLabel(config, tree))
    const measured = await buildTargets({
      config,
      targets,
      builder: base.builder,
      workspace: tree,
      workDir: path.join(tree, '.sizegate-work'),
      commit: base.baseSha,
      ref: `refs/heads/${base.baseRef}`
    })
    return measured.map(target => target.report)
  } finally {
    await git(base.workspace, ['worktree', 'remove', '--force', tree])
  }
}
