import * as cache from '@actions/cache'
import * as core from '@actions/core'
import type { BaselineMode } from '../config.js'
import type { PullRequestInfo } from '../github/context.js'
import { type BaselineSource, type ImageReport, ImageReportSchema } from '../report/types.js'
import { identityKey } from '../report/identity.js'
import { restoreBaseline, saveBaseline } from './store.js'

export interface Baseline extends BaselineSource {
  report: ImageReport
}

export interface BaselineLookup {
  mode: BaselineMode
  heads: ImageReport[]
  pullRequest: PullRequestInfo
  workspace: string
  /** Builds and measures the base commit; called only when the cache does not answer for every target. */
  buildBase: () => Promise<ImageReport[]>
}

function cacheAvailable(): boolean {
  if (cache.isFeatureAvailable()) return true
  core.warning(
    'The GitHub Actions cache service is not available to this step (ACTIONS_RESULTS_URL is not set): no baseline is read or saved.'
  )
  return false
}

interface CachedBaseline extends Baseline {
  exact: boolean
}

async function fromCache(lookup: BaselineLookup): Promise<Map<string, CachedBaseline>> {
  const found = new Map<string, CachedBaseline>()
  if (!cacheAvailable()) return found
  const { baseRef, baseSha } = lookup.pullRequest
  for (const head of lookup.heads) {
    if (!head.identity) continue
    const hit = await restoreBaseline(
      { workspace: lookup.workspace },
      head.identity,
      baseRef,
      baseSha,
      head.target
    )
    if (!hit) continue
    found.set(identityKey(head), {
      source: 'cache',
      ref: baseRef,
      sha: hit.report.commit ?? hit.key.slice(hit.key.lastIndexOf('-') + 1),
      createdAt: hit.report.createdAt,
      expectedSha: baseSha,
      report: hit.report,
      exact: hit.match === 'exact'
    })
  }
  return found
}

async function fromBuild(lookup: BaselineLookup): Promise<Map<string, Baseline>> {
  const { baseRef, baseSha } = lookup.pullRequest
  try {
    const reports = await core.group(
      `Build the baseline: ${baseRef} at ${baseSha.slice(0, 7)}`,
      lookup.buildBase
    )
    return new Map(
      reports.map(report => [
        identityKey(report),
        {
          source: 'build',
          ref: baseRef,
          sha: baseSha,
          createdAt: report.createdAt,
          expectedSha: baseSha,
          report
        }
      ])
    )
  } catch (error) {
    core.warning(`The base commit could not be built for a baseline: ${(error as Error).message}`)
    return new Map()
  }
}

/**
 * The base's report of each image, keyed by identity: from the cache, a build of
 * the base commit, or both (`auto`: the exact base commit is built when the cache
 * has only other commits' or other build args' reports; those stay where it fails).
 */
export async function findBaselines(lookup: BaselineLookup): Promise<Map<string, Baseline>> {
  if (lookup.mode === 'none') return new Map()
  if (lookup.mode === 'build') return fromBuild(lookup)
  const cached = await fromCache(lookup)
  const inexact = lookup.heads.some(head => !cached.get(identityKey(head))?.exact)
  if (lookup.mode === 'cache' || !inexact) return cached
  core.info('The cache has no report of the exact base commit for every image: building it.')
  const built = await fromBuild(lookup)
  for (const [key, baseline] of cached) {
    if (baseline.exact || !built.has(key)) built.set(key, baseline)
  }
  return built
}

/** On a push, the reports become the branch's baseline. */
export async function recordBaselines(
  reports: ImageReport[],
  branch: string,
  sha: string,
  workspace: string
): Promise<void> {
  if (!cacheAvailable()) return
  for (const report of reports) {
    // Only the report itself: a PR's comparison does not belong in the branch's baseline.
    await saveBaseline({ workspace }, ImageReportSchema.parse(report), branch, sha)
  }
}
