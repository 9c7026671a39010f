import { log } from '../log.js'
import type { BaselineMode } from '../request.js'
import type { PullRequestInfo } from '../github/context.js'
import { type BaselineSource, type ImageReport, ImageReportSchema } from '../report/types.js'
import { type ImageIdentity, identityKey } from '../report/identity.js'
import { carriedTrend } from '../report/trend.js'
import type { BaseBuildResult } from './base-build.js'
import { actionsCache, type BaselineMatch, restoreBaseline, saveBaseline } from './store.js'

interface Baseline extends BaselineSource {
  report: ImageReport
}

export interface BaselineLookup {
  mode: BaselineMode
  heads: ImageReport[]
  pullRequest: PullRequestInfo
  workspace: string
  /**
   * Builds and measures the base commit; called only when the cache does not answer
   * for every target. Absent where nothing is built: the cache alone answers.
   */
  buildBase?: () => Promise<BaseBuildResult>
}

async function cacheAvailable(): Promise<boolean> {
  if ((await actionsCache()).isFeatureAvailable()) return true
  log.warning(
    'The GitHub Actions cache service is not available to this step (ACTIONS_RESULTS_URL is not set): no baseline is read or saved.'
  )
  return false
}

interface CachedBaseline {
  baseline: Baseline
  match: BaselineMatch
}

/** What the base has to compare with: each image's baseline, and the images no longer built. */
export interface Baselines {
  /** Keyed by the head image's identity. */
  byIdentity: Map<string, Baseline>
  /** Reports of images the same step built on the base and this run does not. */
  removed: ImageReport[]
  /** Head images (by identity) that a build of the base commit showed it does not have. */
  newImages: Set<string>
}

export const noBaselines = (): Baselines => ({
  byIdentity: new Map(),
  removed: [],
  newImages: new Set()
})

async function fromCache(lookup: BaselineLookup): Promise<Map<string, CachedBaseline>> {
  const found = new Map<string, CachedBaseline>()
  if (!(await cacheAvailable())) return found
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
      baseline: {
        source: 'cache',
        ref: baseRef,
        sha: hit.report.commit ?? hit.key.slice(hit.key.lastIndexOf('-') + 1),
        createdAt: hit.report.createdAt,
        expectedSha: baseSha,
        untracked: [],
        report: hit.report
      },
      match: hit.match
    })
  }
  return found
}

/** The base build's report of each image; undefined when the base could not be built. */
async function fromBuild(
  lookup: BaselineLookup,
  buildBase: () => Promise<BaseBuildResult>
): Promise<Map<string, Baseline> | undefined> {
  const { baseRef, baseSha } = lookup.pullRequest
  try {
    const { reports, untracked } = await log.group(
      `Build the baseline: ${baseRef} at ${baseSha.slice(0, 7)}`,
      buildBase
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
          untracked,
          report
        }
      ])
    )
  } catch (error) {
    log.warning(`The base commit could not be built for a baseline: ${(error as Error).message}`)
    return undefined
  }
}

/** The head images a successful base build did not make: new in this pull request. */
function newImagesOf(heads: ImageReport[], found: Map<string, Baseline>): Set<string> {
  return new Set(heads.map(identityKey).filter(key => !found.has(key)))
}

function baselinesOf(hits: Map<string, CachedBaseline>): Map<string, Baseline> {
  return new Map([...hits].map(([key, hit]) => [key, hit.baseline]))
}

/**
 * The base's reports of images that the step which built a found baseline built
 * too and this run does not: a target dropped from `targets` is said, not lost.
 */
async function removedImages(
  lookup: BaselineLookup,
  cached: Map<string, CachedBaseline>
): Promise<ImageReport[]> {
  const built = new Set(lookup.heads.map(identityKey))
  const missing = new Map<string, { target: string; identity: ImageIdentity; sha: string }>()
  for (const { baseline, match } of cached.values()) {
    // Another leg's siblings are not this step's.
    if (match === 'other-build-args') continue
    for (const sibling of baseline.report.builtWith)
      if (!built.has(sibling.identity.key))
        missing.set(sibling.identity.key, { ...sibling, sha: baseline.sha })
  }
  const removed: ImageReport[] = []
  for (const { target, identity, sha } of missing.values()) {
    const location = { workspace: lookup.workspace }
    const hit = await restoreBaseline(location, identity, lookup.pullRequest.baseRef, sha, target)
    if (hit && hit.match !== 'other-build-args') removed.push(hit.report)
  }
  return removed
}

/**
 * The base's report of each image, keyed by identity: from the cache, a build of
 * the base commit, or both (`auto`: the exact base commit is built when the cache
 * has only other commits' or other build args' reports; those stay where it fails).
 */
export async function findBaselines(lookup: BaselineLookup): Promise<Baselines> {
  const { buildBase } = lookup
  if (lookup.mode === 'none') return noBaselines()
  if (lookup.mode === 'build' && buildBase) {
    const built = await fromBuild(lookup, buildBase)
    if (!built) return noBaselines()
    return { byIdentity: built, removed: [], newImages: newImagesOf(lookup.heads, built) }
  }
  const cached = await fromCache(lookup)
  const removed = await removedImages(lookup, cached)
  const inexact = lookup.heads.some(head => cached.get(identityKey(head))?.match !== 'exact')
  if (lookup.mode === 'cache' || !buildBase || !inexact)
    return { byIdentity: baselinesOf(cached), removed, newImages: new Set() }
  log.info('The cache has no report of the exact base commit for every image: building it.')
  const built = await fromBuild(lookup, buildBase)
  const kept = [...cached].filter(([key, hit]) => hit.match === 'exact' || !built?.has(key))
  const byIdentity = new Map([...(built ?? []), ...baselinesOf(new Map(kept))])
  return {
    byIdentity,
    removed,
    newImages: built ? newImagesOf(lookup.heads, byIdentity) : new Set()
  }
}

/** The base branch's reports from the cache alone: what mode comment trusts over an artifact's. */
export function cachedBaselines(
  heads: ImageReport[],
  pullRequest: PullRequestInfo,
  workspace: string
): Promise<Baselines> {
  return findBaselines({
    mode: 'cache',
    heads,
    pullRequest,
    workspace
  })
}

/** The branch's newest report of the same image (same build args), for its trend. */
async function previousReport(
  report: ImageReport,
  branch: string,
  workspace: string
): Promise<ImageReport | undefined> {
  if (!report.identity) return undefined
  const hit = await restoreBaseline({ workspace }, report.identity, branch, null, report.target)
  return hit && hit.match !== 'other-build-args' ? hit.report : undefined
}

/**
 * On a push, the reports become the branch's baseline, each carrying the sizes of
 * the branch's reports before it. Answers the reports as recorded.
 */
export async function recordBaselines(
  reports: ImageReport[],
  branch: string,
  sha: string,
  workspace: string
): Promise<ImageReport[]> {
  if (!(await cacheAvailable())) return reports
  const recorded: ImageReport[] = []
  for (const report of reports) {
    const previous = await previousReport(report, branch, workspace)
    const withTrend = { ...report, trend: carriedTrend(previous, sha) }
    // Only the report itself: a PR's comparison does not belong in the branch's baseline.
    await saveBaseline({ workspace }, ImageReportSchema.parse(withTrend), branch, sha)
    recorded.push(withTrend)
  }
  return recorded
}
