import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import { allTogether, applyFixes, type Fix } from '../dockerfile/fixes/index.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import { log } from '../log.js'
import { cacheScopeFor } from '../buildx/plan.js'
import type { BuildConfig } from '../request.js'
import { fixesText } from '../report/fix-text.js'
import { buildAside, buildIdentity, type BuildRun, resolveBuild } from './build.js'
import { type FixOutcome, togetherReport } from './fix-report.js'
import { fixOutcome } from './fix-outcome.js'
import type { MeasuredTarget } from './report.js'

/** What a head build was: the proofs build as it did, with the Dockerfile changed. */
export type HeadBuild = Pick<BuildRun, 'config' | 'builder' | 'workspace' | 'workDir'> & {
  target: ResolvedTarget
}

/**
 * Builds the Dockerfile with `fixes` applied, beside the original (its
 * .dockerignore too), as the head was built: same context, args and builder,
 * reading the head's cache and writing none; measured like the head.
 */
async function buildFixed(
  head: HeadBuild,
  text: string,
  fixes: Fix[],
  name: string
): Promise<MeasuredTarget> {
  const folder = path.join(head.workDir, 'fixes', name)
  await mkdir(folder, { recursive: true })
  const file = path.join(folder, path.basename(head.config.file))
  await writeFile(file, applyFixes(text, fixes))
  const ignore = `${head.config.file}.dockerignore`
  if (existsSync(ignore)) await copyFile(ignore, `${file}.dockerignore`)
  const identity = buildIdentity(head.config, head.target, head.workspace)
  const config: BuildConfig = {
    ...head.config,
    file,
    targets: head.config.targets.length > 0 ? [head.target.name] : [],
    cacheScope: cacheScopeFor(head.config, head.target.name, identity)
  }
  const targets = await resolveBuild(config, path.basename(file), true)
  const [measured] = await buildAside({
    config,
    targets,
    builder: head.builder,
    workspace: head.workspace,
    workDir: folder,
    commit: null,
    ref: null
  })
  return measured
}

/** A proof's outcome, or the build's failure as the reason it is unverified. */
async function proof(
  head: HeadBuild,
  original: MeasuredTarget,
  text: string,
  fixes: Fix[],
  name: string
): Promise<FixOutcome> {
  try {
    return fixOutcome(original, await buildFixed(head, text, fixes, name), fixes)
  } catch (error) {
    return {
      saving: null,
      unverified: `its build failed: ${(error as Error).message.split('\n')[0]}`,
      removes: null
    }
  }
}

/**
 * Proves each fix of a measured head by a build of its own, and all of them that
 * go together by one more, and puts what each saved in the head's report.
 */
export async function verifyFixes(head: HeadBuild, measured: MeasuredTarget): Promise<void> {
  const fixes = measured.fixes
  if (!fixes || fixes.list.length === 0) return
  const started = Date.now()
  log.info(
    `Verifying ${fixesText(fixes.list.length)} of ${measured.report.target} by building each`
  )
  const each: FixOutcome[] = []
  for (const [index, fix] of fixes.list.entries())
    each.push(await proof(head, measured, fixes.text, [fix], `${index + 1}-${fix.rule}`))
  // Only fixes proven alone go together: one that changes the app would spoil the rest.
  const together = allTogether(fixes.list.filter((_, index) => each[index].saving !== null))
  const joint: FixOutcome =
    together.length === 0
      ? { saving: null, unverified: 'no fix was verified alone', removes: null }
      : together.length === 1
        ? each[fixes.list.indexOf(together[0])]
        : await proof(head, measured, fixes.text, together, 'together')
  const verifyMs = Date.now() - started
  const report = measured.report.fixes
  if (report) {
    report.list.forEach((item, index) => Object.assign(item, each[index]))
    if (together.length > 0)
      Object.assign(
        report.together,
        togetherReport(measured.report.dockerfile, fixes.text, together)
      )
    Object.assign(report.together, joint)
    report.verifyMs = verifyMs
  }
  log.info(
    `Verified the fixes of ${measured.report.target} in ${(verifyMs / 1000).toFixed(1)} s (the build itself took ${(measured.report.build.durationMs / 1000).toFixed(1)} s)`
  )
}
