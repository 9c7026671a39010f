import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import * as path from 'node:path'
import type { Builder } from '../buildx/choose.js'
import { allTogether, applyFixes, type Fix } from '../dockerfile/fixes/index.js'
import type { ResolvedTarget } from '../dockerfile/resolve.js'
import { log } from '../log.js'
import { cacheScopeFor } from '../buildx/plan.js'
import type { BuildConfig } from '../request.js'
import { fixesText } from '../report/fix-text.js'
import { changeText } from '../report/gate.js'
import type { ImageReport } from '../report/types.js'
import { buildAside, buildIdentity, resolveBuild } from './build.js'
import type { FixOutcome } from './fix-report.js'
import type { MeasuredTarget } from './report.js'

/** What a head build was: the proofs build as it did, with the Dockerfile changed. */
export interface HeadBuild {
  config: BuildConfig
  target: ResolvedTarget
  builder: Builder
  workspace: string
  workDir: string
}

/** Below this a difference is the image config's own bytes (its history), not the fix's. */
const MEASURABLE = 4096

/** The head's size less the fixed image's: what the fix saves, or why it is not shown as a saving. */
function outcomeOf(head: ImageReport, fixed: ImageReport): FixOutcome {
  const saving = {
    compressedBytes: head.compressedBytes - fixed.compressedBytes,
    uncompressedBytes: head.uncompressedBytes - fixed.uncompressedBytes
  }
  if (saving.compressedBytes >= MEASURABLE || saving.uncompressedBytes >= MEASURABLE)
    return { saving, unverified: null }
  return {
    saving: null,
    unverified: `it saved nothing measurable (the image changed by ${changeText(-saving.compressedBytes, null)} compressed, ${changeText(-saving.uncompressedBytes, null)} on disk)`
  }
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
): Promise<ImageReport> {
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
  return measured.report
}

/** A proof's outcome, or the build's failure as the reason it is unverified. */
async function proof(
  head: HeadBuild,
  report: ImageReport,
  text: string,
  fixes: Fix[],
  name: string
): Promise<FixOutcome> {
  try {
    return outcomeOf(report, await buildFixed(head, text, fixes, name))
  } catch (error) {
    return {
      saving: null,
      unverified: `its build failed: ${(error as Error).message.split('\n')[0]}`
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
    each.push(await proof(head, measured.report, fixes.text, [fix], `${index + 1}-${fix.rule}`))
  const together = allTogether(fixes.list)
  const joint =
    together.length === 1
      ? each[fixes.list.indexOf(together[0])]
      : await proof(head, measured.report, fixes.text, together, 'together')
  const verifyMs = Date.now() - started
  const report = measured.report.fixes
  if (report) {
    report.list.forEach((item, index) => Object.assign(item, each[index]))
    Object.assign(report.together, joint)
    report.verifyMs = verifyMs
  }
  log.info(
    `Verified the fixes of ${measured.report.target} in ${(verifyMs / 1000).toFixed(1)} s (the build itself took ${(measured.report.build.durationMs / 1000).toFixed(1)} s)`
  )
}
